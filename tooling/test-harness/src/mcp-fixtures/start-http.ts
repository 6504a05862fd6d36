import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { listenHttpFixture } from "./http.js";
import { type FixtureOptions, fixtureArgs } from "./options.js";
import { fixtureServerPath } from "./paths.js";
import type { FixtureStats } from "./state.js";

export interface FixtureHttpOptions extends FixtureOptions {
  /** true (default): runs inside the test process. false: runs the built bin as a child process. */
  inProcess?: boolean;
  /** Child process only: how long to wait for it to listen (default 20 s, generous for a loaded CI box). */
  startTimeoutMs?: number;
}

export interface FixtureHttpServer {
  /** Base URL, e.g. `http://127.0.0.1:40123`. */
  url: string;
  /** Streamable HTTP endpoint: `${url}/mcp`. */
  mcpUrl: string;
  /** Legacy SSE endpoint: `${url}/sse` (messages are posted to `/messages`). */
  sseUrl: string;
  /** The fixture's counters right now (`GET /stats`, answered even under forced status or auth). */
  stats(): Promise<FixtureStats>;
  /** Stops the server and ends every session. Safe to call twice. */
  close(): Promise<void>;
  /** Child process only: its pid. */
  pid?: number;
  /** Child process only: kills it abruptly (default SIGKILL) and waits for it to be gone. */
  kill?(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts the fixture MCP server over HTTP, in this process or as a child process. */
export async function startFixtureHttpServer(options: FixtureHttpOptions = {}): Promise<FixtureHttpServer> {
  const { inProcess = true, startTimeoutMs = 20_000, ...fixtureOptions } = options;
  if (!inProcess) return startChild(fixtureOptions, startTimeoutMs);
  if (fixtureOptions.exitOnStart)
    throw new Error("startFixtureHttpServer: exitOnStart needs inProcess: false");
  const fixture = await listenHttpFixture(fixtureOptions);
  let closing: Promise<void> | undefined;
  return {
    ...endpoints(fixture.url),
    stats: async () => fixture.state.snapshot(),
    close: () => {
      closing ??= fixture.close();
      return closing;
    },
  };
}

function endpoints(url: string): Pick<FixtureHttpServer, "url" | "mcpUrl" | "sseUrl"> {
  return { url, mcpUrl: `${url}/mcp`, sseUrl: `${url}/sse` };
}

async function startChild(options: FixtureOptions, startTimeoutMs: number): Promise<FixtureHttpServer> {
  const child = spawn(process.execPath, [fixtureServerPath(), "--http", ...fixtureArgs(options)], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = once(child, "exit");
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    // Bounded: only the start-up failure message matters, not a noisy fixture's whole life.
    stderr = (stderr + chunk).slice(-8192);
  });
  const url = await readListeningUrl(child, startTimeoutMs, () => stderr).catch((error: unknown) => {
    child.kill("SIGKILL");
    throw error;
  });

  const stop = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return {
    ...endpoints(url),
    pid: child.pid,
    stats: async () => {
      const response = await fetch(`${url}/stats`);
      if (!response.ok) throw new Error(`fixture /stats answered ${response.status}`);
      return (await response.json()) as FixtureStats;
    },
    close: () => stop("SIGTERM"),
    kill: (signal = "SIGKILL") => stop(signal),
  };
}

/** The child prints `{"url": ...}` once listening; anything else first (exit, timeout) is a start failure. */
function readListeningUrl(child: ChildProcess, timeoutMs: number, stderr: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    const fail = (why: string) => {
      clearTimeout(timer);
      lines.close();
      reject(
        new Error(
          `fixture HTTP server did not start: ${why}${stderr() ? `; stderr: ${stderr().trim()}` : ""}`,
        ),
      );
    };
    const timer = setTimeout(() => fail(`no URL after ${timeoutMs} ms`), timeoutMs);
    child.once("exit", (code, signal) => fail(`exited with ${signal ?? `code ${code}`}`));
    lines.on("line", (line) => {
      try {
        const { url } = JSON.parse(line) as { url?: unknown };
        if (typeof url !== "string") return;
        clearTimeout(timer);
        lines.close();
        // Keep draining stdout so a chatty child can never block on a full pipe.
        child.stdout?.resume();
        resolve(url);
      } catch {
        // Not the announcement line; keep reading.
      }
    });
  });
}

import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { freePort, waitFor } from "@mcpstore/test-harness";

/** The published @modelcontextprotocol/server-everything entry point, from this package's devDependencies. */
export const everythingBin = fileURLToPath(
  new URL("../../node_modules/@modelcontextprotocol/server-everything/dist/index.js", import.meta.url),
);

export interface EverythingServer {
  url: string;
  close(): Promise<void>;
}

/** Runs server-everything over HTTP on a free loopback port and waits until it accepts connections. */
export async function startEverything(mode: "sse" | "streamableHttp"): Promise<EverythingServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [everythingBin, mode], {
    env: { ...process.env, PORT: String(port) },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (s: string) => {
    stderr = (stderr + s).slice(-4000);
  });
  const exited = once(child, "exit");
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`server-everything exited: ${stderr}`);
        return /listening|running/i.test(stderr);
      },
      { timeoutMs: 30_000, description: `server-everything ${mode} listening on ${port}` },
    );
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
  return {
    url,
    async close() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

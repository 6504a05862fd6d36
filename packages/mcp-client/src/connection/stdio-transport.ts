import { type ChildProcess, spawn } from "node:child_process";
import { getDefaultEnvironment } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { type JSONRPCMessage, JSONRPCMessageSchema } from "@modelcontextprotocol/sdk/types.js";
import { LineReader } from "./line-reader.js";
import { groupMembers, signalGroup, trackGroup, untrackGroup, waitGroupGone } from "./process-group.js";
import type { TailBuffer } from "./tail-buffer.js";

export interface StdioProcessOptions {
  command: string;
  args: readonly string[];
  /** Merged over the SDK's safe default environment (HOME, PATH, ...), as the SDK's own transport does. */
  env: Record<string, string>;
  cwd?: string | undefined;
  /** Receives stderr, and stdout lines that are not JSON-RPC (marked as such). */
  stderr: TailBuffer;
  /** Longest single message accepted on stdout. */
  maxMessageBytes?: number;
  /** How long close() waits after SIGTERM before SIGKILL. */
  killGraceMs?: number;
}

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

const RESOLVED = Promise.resolve();
const isWindows = process.platform === "win32";

/**
 * MCP stdio transport whose child leads its own process group, so close() reaches the whole tree
 * (`npx` → `sh` → `node`), not only the direct child as the SDK's StdioClientTransport does. The child's
 * exit is reported at once (onclose), stderr goes to a bounded tail, and garbage on stdout is noted
 * there instead of breaking the stream.
 */
export class ProcessTreeStdioTransport implements Transport {
  onclose?: (() => void) | undefined;
  onerror?: ((error: Error) => void) | undefined;
  onmessage?: (<T extends JSONRPCMessage>(message: T) => void) | undefined;

  readonly #options: StdioProcessOptions;
  readonly #reader: LineReader;
  #child: ChildProcess | undefined;
  #exit: ExitInfo | undefined;
  #closing: Promise<void> | undefined;
  #closedNotified = false;
  #markClosed: () => void = () => {};
  /** Resolves once the transport has reported its close (after the child's pipes drained, or close()). */
  readonly closed: Promise<void> = new Promise((resolve) => {
    this.#markClosed = resolve;
  });

  constructor(options: StdioProcessOptions) {
    this.#options = options;
    this.#reader = new LineReader(options.maxMessageBytes ?? 32 * 1024 * 1024);
  }

  /** The child's pid, which is also its process group id; undefined before start. */
  get pid(): number | undefined {
    return this.#child?.pid;
  }

  /** How the child ended, once it has. */
  get exitInfo(): ExitInfo | undefined {
    return this.#exit;
  }

  start(): Promise<void> {
    if (this.#child) throw new Error("ProcessTreeStdioTransport already started");
    const o = this.#options;
    return new Promise((resolve, reject) => {
      let spawned = false;
      const child = spawn(o.command, [...o.args], {
        cwd: o.cwd,
        env: { ...getDefaultEnvironment(), ...o.env },
        stdio: ["pipe", "pipe", "pipe"],
        detached: !isWindows,
        windowsHide: true,
        shell: false,
      });
      this.#child = child;
      child.once("error", (error) => {
        if (!spawned) reject(error);
        else this.onerror?.(error);
      });
      child.once("spawn", () => {
        spawned = true;
        if (child.pid !== undefined) trackGroup(child.pid);
        resolve();
      });
      child.once("exit", (code, signal) => {
        this.#exit = { code, signal };
        this.#onExit(child);
      });
      child.stdin?.on("error", (error) => this.onerror?.(error));
      child.stdout?.on("error", (error) => this.onerror?.(error));
      child.stdout?.on("data", (chunk: Buffer) => this.#reader.push(chunk, this.#onLine, this.#onOverflow));
      child.stderr?.setEncoding("utf8");
      child.stderr?.on("data", (text: string) => o.stderr.append(text));
    });
  }

  send(message: JSONRPCMessage): Promise<void> {
    const stdin = this.#child?.stdin;
    if (!stdin || this.#exit || this.#closing || !stdin.writable) {
      return Promise.reject(new Error("Not connected"));
    }
    if (stdin.write(`${JSON.stringify(message)}\n`)) return RESOLVED;
    return new Promise((resolve) => stdin.once("drain", resolve));
  }

  /** Ends stdin, SIGTERMs the group, SIGKILLs whatever is left after the grace period, then waits for it. */
  close(): Promise<void> {
    this.#closing ??= this.#terminate();
    return this.#closing;
  }

  async #terminate(): Promise<void> {
    const child = this.#child;
    const pid = child?.pid;
    if (child && pid !== undefined) {
      try {
        child.stdin?.end();
      } catch {
        // already gone
      }
      if (isWindows) {
        signalGroup(pid, "SIGKILL");
      } else if (groupMembers(pid).length > 0) {
        signalGroup(pid, "SIGTERM");
        const gone = await waitGroupGone(pid, this.#options.killGraceMs ?? 2_000);
        if (!gone) {
          signalGroup(pid, "SIGKILL");
          await waitGroupGone(pid, 2_000);
        }
      }
      untrackGroup(pid);
    }
    this.#reader.clear();
    this.#notifyClosed();
  }

  #onExit(child: ChildProcess): void {
    // The leader is gone; nothing of its tree may outlive it (a grandchild holding our pipes open would
    // otherwise keep a dead service looking alive); during close() the grace period applies instead.
    const pid = child.pid;
    if (pid !== undefined && !isWindows && !this.#closing) signalGroup(pid, "SIGKILL");
    if (pid !== undefined) untrackGroup(pid);
    // Report the exit once both pipes have drained (the last stderr lines usually say why it died),
    // but never wait long: a surviving grandchild could hold them open.
    const open = [child.stdout, child.stderr].filter((s) => s && !s.destroyed && !s.readableEnded);
    if (open.length === 0) {
      this.#notifyClosed();
      return;
    }
    let waiting = open.length;
    const timer = setTimeout(() => this.#notifyClosed(), 200);
    for (const stream of open) {
      stream!.once("close", () => {
        if (--waiting === 0) {
          clearTimeout(timer);
          this.#notifyClosed();
        }
      });
    }
  }

  #notifyClosed(): void {
    if (this.#closedNotified) return;
    this.#closedNotified = true;
    this.#markClosed();
    this.onclose?.();
  }

  readonly #onLine = (line: string): void => {
    if (line.trim() === "") return;
    let message: JSONRPCMessage;
    try {
      message = JSONRPCMessageSchema.parse(JSON.parse(line));
    } catch {
      const shown = line.length > 500 ? `${line.slice(0, 500)}…` : line;
      this.#options.stderr.append(`[stdout, not JSON-RPC] ${shown}\n`);
      this.onerror?.(new Error(`stdout line is not a JSON-RPC message: ${shown.slice(0, 120)}`));
      return;
    }
    this.onmessage?.(message);
  };

  readonly #onOverflow = (bytes: number): void => {
    const text = `a stdout message exceeded ${this.#options.maxMessageBytes ?? 32 * 1024 * 1024} bytes (${bytes} so far) and was dropped`;
    this.#options.stderr.append(`[stdout] ${text}\n`);
    this.onerror?.(new Error(text));
  };
}

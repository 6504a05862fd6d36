import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type RedisCredentials, withAdminConnection } from "./admin-connection.js";
import { RedisHarnessError } from "./errors.js";
import { trackServer, untrackServer } from "./exit-cleanup.js";
import { removePidRecord, writePidRecord } from "./pid-records.js";
import { freeRedisPort } from "./ports.js";
import { processStartTime } from "./process-table.js";
import { currentRunRoot } from "./run-root.js";
import { waitFor } from "./wait-for.js";

export const LOOPBACK = "127.0.0.1";

/** The binary; `MCPSTORE_REDIS_SERVER_BIN` points elsewhere (another version, a build of one's own). */
export function redisServerBinary(): string {
  return process.env.MCPSTORE_REDIS_SERVER_BIN ?? "redis-server";
}

/** A server of a topology as tests see it. `pid` changes on restart; `port` and `dir` never do. */
export interface RedisServerNode {
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly dir: string;
  readonly pid: number | undefined;
  readonly running: boolean;
}

export interface RedisServerSpec {
  /** Directory name of this server inside `parentDir`, and its name in errors. */
  name: string;
  parentDir: string;
  /** `sentinel` starts `redis-server <conf> --sentinel`. */
  mode: "server" | "sentinel";
  /** Topology-specific config lines, given the chosen port (a sentinel's `sentinel monitor` etc.). */
  config: (port: number) => string[];
  /** Reserve port + 10000 too (Cluster bus). */
  clusterBus?: boolean;
  /** What the readiness PING authenticates with. */
  credentials?: RedisCredentials;
  startTimeoutMs?: number;
}

const STDERR_LIMIT = 4_096;
const PORT_ATTEMPTS = 5;
const DEFAULT_START_TIMEOUT_MS = 30_000;
const GRACEFUL_STOP_MS = 10_000;

/**
 * One redis-server (or sentinel) process: its own dir with config file and log under the run root, a pid
 * record there for the reapers, started without daemonizing so this process is its parent and collects it
 * when it dies (no zombies).
 */
export class RedisServerProcess implements RedisServerNode {
  readonly host = LOOPBACK;
  readonly name: string;
  readonly dir: string;
  readonly #spec: RedisServerSpec;
  readonly #root: string;
  #port = 0;
  #child: ChildProcess | undefined;
  #exited: Promise<void> = Promise.resolve();
  #stderr = "";

  private constructor(spec: RedisServerSpec) {
    this.#spec = spec;
    this.name = spec.name;
    this.dir = join(spec.parentDir, spec.name);
    this.#root = currentRunRoot();
  }

  get port(): number {
    return this.#port;
  }

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  get running(): boolean {
    const child = this.#child;
    return child !== undefined && child.exitCode === null && child.signalCode === null;
  }

  get configFile(): string {
    return join(this.dir, this.#spec.mode === "sentinel" ? "sentinel.conf" : "redis.conf");
  }

  get logFile(): string {
    return join(this.dir, "redis.log");
  }

  /** Starts a server on a free port and resolves once it answers PING (authenticated, if configured). */
  static async start(spec: RedisServerSpec): Promise<RedisServerProcess> {
    const server = new RedisServerProcess(spec);
    mkdirSync(server.dir, { recursive: true });
    for (let attempt = 1; ; attempt++) {
      server.#port = await freeRedisPort({ clusterBus: spec.clusterBus === true });
      writeFileSync(server.configFile, `${server.#configLines().join("\n")}\n`);
      try {
        await server.#launch();
        return server;
      } catch (error) {
        // Another process may grab the port between the probe and redis binding it: pick another.
        if (attempt < PORT_ATTEMPTS && server.#lostPortRace()) continue;
        await server.remove();
        throw error;
      }
    }
  }

  /** SIGKILL, as a crash would; resolves once the process is gone and collected. */
  async kill(): Promise<void> {
    if (!this.running) return;
    this.#child?.kill("SIGKILL");
    await this.#exited;
  }

  /** SIGTERM (redis shuts down cleanly), SIGKILL if it takes longer than 10 s. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.#child?.kill("SIGTERM");
    const timer = setTimeout(() => this.#child?.kill("SIGKILL"), GRACEFUL_STOP_MS);
    await this.#exited;
    clearTimeout(timer);
  }

  /**
   * Starts the server again on the same port with the same config file (which a sentinel or cluster node
   * may have rewritten: that is their state). Stops it first if it is still running.
   */
  async restart(): Promise<void> {
    await this.stop();
    await this.#launch();
  }

  /** Stops the server and deletes its dir. */
  async remove(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Exit-handler path: no waiting possible, so kill and clean up synchronously. */
  killNow(): void {
    if (this.running) this.#child?.kill("SIGKILL");
    const pid = this.pid;
    if (pid !== undefined) removePidRecord(this.#root, pid);
    rmSync(this.dir, { recursive: true, force: true });
  }

  #configLines(): string[] {
    const common = [
      `port ${this.#port}`,
      `bind ${LOOPBACK}`,
      "daemonize no",
      `dir ${quoteConfigValue(this.dir)}`,
      `logfile ${quoteConfigValue(this.logFile)}`,
    ];
    // No disk, and no 5 s wait before a replica's first full sync (diskless sync's default delay).
    const persistence =
      this.#spec.mode === "server" ? ['save ""', "appendonly no", "repl-diskless-sync-delay 0"] : [];
    return [...common, ...persistence, ...this.#spec.config(this.#port)];
  }

  async #launch(): Promise<void> {
    const args = this.#spec.mode === "sentinel" ? [this.configFile, "--sentinel"] : [this.configFile];
    const child = spawn(redisServerBinary(), args, { cwd: this.dir, stdio: ["ignore", "ignore", "pipe"] });
    this.#child = child;
    this.#stderr = "";
    child.stderr?.setEncoding("utf8");
    child.stderr?.on("data", (chunk: string) => {
      this.#stderr = (this.#stderr + chunk).slice(-STDERR_LIMIT);
    });
    const died = new AbortController();
    let launching = true;
    const spawnFailed = new Promise<never>((_, reject) => {
      child.once("error", (error: NodeJS.ErrnoException) => {
        reject(
          error.code === "ENOENT"
            ? new RedisHarnessError(
                "REDIS_BINARY_MISSING",
                `redis-server not found ("${redisServerBinary()}"); install Redis or set MCPSTORE_REDIS_SERVER_BIN`,
                { cause: error },
              )
            : error,
        );
      });
    });
    spawnFailed.catch(() => {});
    this.#exited = new Promise<void>((resolve) => {
      child.once("exit", () => {
        if (launching) died.abort(this.#startError("exited before it was ready"));
        untrackServer(this);
        if (child.pid !== undefined) removePidRecord(this.#root, child.pid);
        resolve();
      });
      child.once("error", () => resolve());
    });
    if (child.pid !== undefined) {
      trackServer(this);
      writePidRecord(this.#root, {
        pid: child.pid,
        startTime: processStartTime(child.pid),
        port: this.#port,
        dir: this.dir,
        startedBy: process.pid,
      });
    }
    const ready = waitFor(
      () => withAdminConnection(this, this.#spec.credentials ?? {}, (redis) => redis.ping(), 1_000),
      {
        timeoutMs: this.#spec.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS,
        intervalMs: 25,
        description: `${this.name} (port ${this.#port}) answers PING`,
        signal: died.signal,
      },
    );
    try {
      await Promise.race([ready, spawnFailed]);
      launching = false;
    } catch (error) {
      launching = false;
      // Not ready in time or dead: never leave a half-started server behind.
      if (this.running) await this.kill();
      if (error instanceof RedisHarnessError) throw error;
      throw this.#startError(error instanceof Error ? error.message : String(error), error);
    }
  }

  #startError(reason: string, cause?: unknown): RedisHarnessError {
    const details = [this.#stderr.trim(), this.#logTail()].filter((text) => text.length > 0).join("\n");
    return new RedisHarnessError(
      "REDIS_START_FAILED",
      `${this.name} on port ${this.#port} ${reason}${details ? `:\n${details}` : ""}`,
      { cause },
    );
  }

  #logTail(): string {
    try {
      return readFileSync(this.logFile, "utf8").trim().split("\n").slice(-15).join("\n");
    } catch {
      return "";
    }
  }

  #lostPortRace(): boolean {
    return /Address already in use|Could not create server TCP listening socket/i.test(
      `${this.#stderr}\n${this.#logTail()}`,
    );
  }
}

/** A config-file value in double quotes with the escapes redis understands, so any path or password fits. */
export function quoteConfigValue(value: string): string {
  return `"${value.replaceAll("\\", "\\\\").replaceAll('"', '\\"').replaceAll("\n", "\\n").replaceAll("\r", "\\r")}"`;
}

import type { Implementation, Progress } from "@modelcontextprotocol/sdk/types.js";
import type { ServiceDefinition } from "../config/definition.js";

export interface ReconnectOptions {
  /** First backoff ceiling; each attempt doubles it. Default 500 ms. */
  baseMs?: number;
  /** Largest backoff ceiling. Default 30 s. */
  capMs?: number;
  /** Fast attempts before `unreachable`. Default 5. */
  maxAttempts?: number;
  /** Interval of the attempts that continue while `unreachable`. Default 60 s. */
  slowRetryMs?: number;
}

export interface ConnectionOptions {
  /** Health ping interval; 0 turns pings off. Default 30 s (the guide's healthcheck_interval). */
  healthcheckIntervalMs?: number;
  /** How long one health ping may take. Default 10 s. */
  pingTimeoutMs?: number;
  /** Consecutive failed pings (timeouts, errors) that turn `warning` into `reconnecting`. Default 2. */
  pingFailuresBeforeReconnect?: number;
  /** Default per-call timeout when neither the call nor the service config gives one. Default 60 s. */
  requestTimeoutMs?: number;
  /** Spawn/HTTP + handshake + first catalog fetch. Default 30 s. */
  connectTimeoutMs?: number;
  reconnect?: ReconnectOptions;
  clientInfo?: Implementation;
  /** Where `${VAR}` placeholders are looked up. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Bound of the stderr tail (characters). Default 16384. */
  stderrBufferChars?: number;
  /** How long close() lets a stdio server exit after SIGTERM before SIGKILL. Default 2 s. */
  killGraceMs?: number;
  /** Jitter source; tests pass a fixed one. Default Math.random. */
  random?: () => number;
}

export interface CallToolOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  onProgress?: (progress: Progress) => void;
  /** Restart the timeout whenever progress arrives. Default false. */
  resetTimeoutOnProgress?: boolean;
  /** Upper bound regardless of progress. */
  maxTotalTimeoutMs?: number;
}

export interface RequestCallOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** ConnectionOptions with every default applied, for one service. */
export interface Settings {
  healthIntervalMs: number;
  pingTimeoutMs: number;
  pingFailuresBeforeReconnect: number;
  defaultTimeoutMs: number;
  connectTimeoutMs: number;
  baseMs: number;
  capMs: number;
  maxAttempts: number;
  slowRetryMs: number;
  clientInfo: Implementation;
  env: NodeJS.ProcessEnv;
  stderrBufferChars: number;
  killGraceMs: number;
  random: () => number;
}

const DEFAULT_CLIENT_INFO: Implementation = { name: "mcpstore", version: "0.1.0" };

/** The service's own `timeoutMs` beats `requestTimeoutMs`: it is the more specific of the two. */
export function settingsFor(definition: ServiceDefinition, options: ConnectionOptions = {}): Settings {
  return {
    healthIntervalMs: options.healthcheckIntervalMs ?? 30_000,
    pingTimeoutMs: options.pingTimeoutMs ?? 10_000,
    pingFailuresBeforeReconnect: Math.max(1, options.pingFailuresBeforeReconnect ?? 2),
    defaultTimeoutMs: definition.timeoutMs ?? options.requestTimeoutMs ?? 60_000,
    connectTimeoutMs: options.connectTimeoutMs ?? 30_000,
    baseMs: options.reconnect?.baseMs ?? 500,
    capMs: options.reconnect?.capMs ?? 30_000,
    maxAttempts: options.reconnect?.maxAttempts ?? 5,
    slowRetryMs: options.reconnect?.slowRetryMs ?? 60_000,
    clientInfo: options.clientInfo ?? DEFAULT_CLIENT_INFO,
    env: options.env ?? process.env,
    stderrBufferChars: options.stderrBufferChars ?? 16_384,
    killGraceMs: options.killGraceMs ?? 2_000,
    random: options.random ?? Math.random,
  };
}

import type { StorageAdapter } from "@mcpstore/storage";
import { InvalidOptionsError, type OptionIssue } from "./errors.js";
import type { Logger } from "./logger.js";

/** A Redis node: `{ host, port }` or `"host:port"`. */
export type RedisNode = { host: string; port: number } | string;

/**
 * The guide's `redis` config in camelCase; JSON/env config files may use the guide's snake_case names
 * (`socket_timeout`, `healthcheck_interval`, `sentinel_password`, `nat_map`). Times are in seconds, as
 * in the guide. Give one of `url`, `sentinels` + `name`, or `cluster`; nothing means the guide's default
 * URL. Connection settings are checked by `@mcpstore/storage-redis`.
 */
export interface RedisOptions {
  /** `redis://[[user]:password@]host:port/db`, `rediss://` for TLS, `unix:///path`. Default redis://localhost:6379/0. */
  url?: string;
  /** Password (AUTH); overrides one in the URL. */
  password?: string | null;
  /** ACL user name (Redis 6+); overrides one in the URL. */
  username?: string | null;
  /** Database index (standalone and Sentinel; Cluster only has 0); overrides the URL's `/db`. */
  db?: number;
  /** Isolates applications (default "default"). */
  namespace?: string;
  /** `"auto"` (default): a fresh id per setup, deleted on close. Any other value persists and is shared. */
  dataspace?: string;
  /** Seconds before a Redis command or connect attempt gives up (default 2.0). */
  socketTimeout?: number;
  /** Seconds between health checks of Redis and of each MCP service (default 30; 0 turns them off). */
  healthcheckInterval?: number;
  /** The guide's snake_case spelling of `socketTimeout` (JSON/env configs). */
  socket_timeout?: number;
  /** The guide's snake_case spelling of `healthcheckInterval` (JSON/env configs). */
  healthcheck_interval?: number;
  /** Sentinel: the sentinels to ask, plus the master `name`. */
  sentinels?: RedisNode[];
  /** Sentinel: the master's name as the sentinels know it (e.g. "mymaster"). */
  name?: string;
  /** Sentinel: password of the sentinels themselves, when they require one. */
  sentinelPassword?: string | null;
  /** Sentinel: ACL user of the sentinels. */
  sentinelUsername?: string | null;
  /** Cluster: seed nodes; the rest are discovered. */
  cluster?: RedisNode[];
  /** Cluster/Sentinel: maps announced addresses to reachable ones. */
  natMap?: Record<string, { host: string; port: number }>;
  /** TLS: `true` or Node TLS options; implied by `rediss://`. */
  tls?: boolean | Record<string, unknown>;
  /** `CLIENT SETNAME` for the connections. */
  connectionName?: string;
  /**
   * Replicas that must confirm a registry write (Redis `WAIT`, in the same round trip) before it is
   * acknowledged. `"all-up"` (default with Sentinel and Cluster): every replica the topology reports as
   * up for that master, so an acknowledged write survives a failover; when fewer confirm in time the
   * change stays queued and `storageStatus` says `degraded` until it is written. A number: exactly that
   * many. `0` (default for one server): Redis's asynchronous replication, fastest, but a failover can
   * drop acknowledged writes. Also accepted as `replica_acks`.
   */
  replicaAcks?: number | "all-up";
}

/** The `mcpJson` option in its object form. */
export interface McpJsonOptions {
  /** The file; a leading `~/` is the home directory. */
  path: string;
  /** Writes the file back (atomically) when services are added, updated or removed. Default false. */
  writeBack?: boolean;
  /**
   * A missing file is created (with no services) instead of rejecting with MCP_JSON_NOT_FOUND.
   * Default false, so a typo in the path is never taken for an empty file.
   */
  create?: boolean;
}

/** Options of `MCPStore.setupStore`; every one is optional (nothing at all means memory storage). */
export interface SetupOptions {
  /** Logs storage operations and service state transitions (secrets redacted). */
  debug?: boolean;
  /** Where logs go; default: console, debug lines only with `debug: true`. */
  logger?: Logger;
  /** Use Redis (needs `@mcpstore/storage-redis`). A string is taken as the URL. */
  redis?: RedisOptions | string;
  /** Bring your own adapter (any `StorageAdapter`); takes precedence over `redis`. */
  storage?: StorageAdapter;
  /** Namespace when not using `redis` (default "default"). */
  namespace?: string;
  /** Dataspace when not using `redis` (default "auto"). */
  dataspace?: string;
  /** Redis unreachable at setup: `"memory"` (default) warns and runs on memory; `"error"` rejects. */
  fallback?: "memory" | "error";
  /** Loads services from an mcp.json (Claude / Cursor / VS Code shape) at start. */
  mcpJson?: string | McpJsonOptions;
  /** Environment for `${VAR}` interpolation in service configs (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** Bound of the write queue while storage is unreachable (default 10,000). */
  outageQueueLimit?: number;
  /** How often call statistics are flushed to storage, ms (default 1,000). */
  statsFlushIntervalMs?: number;
  /** Default per-call timeout for tools, ms (default 60,000). */
  requestTimeoutMs?: number;
  /** Id of this store instance in shared state (default: random). */
  instanceId?: string;
  /**
   * `dataspace: "auto"`: TTL of the dataspace's keys, refreshed every third of it while the store
   * lives (default 60,000 ms). If the process dies without `close()`, its keys expire after this.
   */
  autoDataspaceLeaseMs?: number;
  /**
   * How many events the dataspace's change stream keeps (default 10,000); older ones are trimmed. An
   * instance that falls further behind (partitioned, paused) reloads the registry instead. Give every
   * instance of a dataspace the same value.
   */
  eventLogMaxLen?: number;
  /**
   * How long `close()` waits, ms, for unreachable storage to come back so queued changes and call
   * counts are written (default 10,000; 0: do not wait). What is still unwritten then is saved to
   * `spillFile` if set, and `close()` rejects with `UnwrittenChangesError` listing it.
   */
  closeTimeoutMs?: number;
  /**
   * A file where `close()` saves what it could not write to storage; the next `setupStore` with the
   * same `spillFile` on the same namespace/dataspace writes it and deletes the file. It holds service
   * definitions (env, headers), so it is created readable by its owner only.
   */
  spillFile?: string;
}

export interface NormalisedRedis {
  /** Passed to `createRedisAdapter`, which checks the connection settings (and their snake_case names). */
  adapterConfig: Record<string, unknown>;
  namespace: string;
  dataspace: string;
  /** The guide's healthcheck_interval (also the MCP services' health-ping interval), if given. */
  healthcheckIntervalMs: number | undefined;
}

export const DEFAULT_REDIS_URL = "redis://localhost:6379/0";
export const DEFAULT_NAMESPACE = "default";
export const AUTO_DATASPACE = "auto";

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A namespace or dataspace: non-empty, printable; the keyspace escapes the rest. */
function checkSpaceName(value: unknown, path: string, issues: OptionIssue[]): void {
  if (value === undefined) return;
  if (typeof value !== "string" || value.length === 0 || value.length > 128 || /\p{Cc}/u.test(value)) {
    issues.push({ path, message: "must be a non-empty string of at most 128 printable characters" });
  }
}

/**
 * Takes what the store itself needs from the `redis` option (namespace, dataspace, the health-check
 * interval) and leaves the connection settings to the Redis adapter, which validates them. A bare
 * string is the URL; no url, sentinels or cluster means the guide's default URL.
 */
export function normaliseRedisOptions(input: RedisOptions | string): NormalisedRedis {
  const raw: unknown = typeof input === "string" ? { url: input } : input;
  if (!isRecord(raw))
    throw new InvalidOptionsError([{ path: "redis", message: "must be an object or a URL" }]);
  const issues: OptionIssue[] = [];
  const { namespace, dataspace, ...adapterConfig } = raw;
  checkSpaceName(namespace, "redis.namespace", issues);
  checkSpaceName(dataspace, "redis.dataspace", issues);
  const interval = raw.healthcheckInterval ?? raw.healthcheck_interval ?? raw.health_check_interval;
  if (
    interval !== undefined &&
    (typeof interval !== "number" || !Number.isFinite(interval) || interval < 0)
  ) {
    issues.push({
      path: "redis.healthcheckInterval",
      message: "must be a number of seconds (0 turns checks off)",
    });
  }
  if (typeof raw.url === "string" && !/^(rediss?|unix):\/\//.test(raw.url)) {
    issues.push({ path: "redis.url", message: "must start with redis://, rediss:// or unix://" });
  }
  if (issues.length) throw new InvalidOptionsError(issues);
  if (raw.url === undefined && raw.sentinels === undefined && raw.cluster === undefined) {
    adapterConfig.url = DEFAULT_REDIS_URL;
  }
  return {
    adapterConfig,
    namespace: (namespace as string | undefined) ?? DEFAULT_NAMESPACE,
    dataspace: (dataspace as string | undefined) ?? AUTO_DATASPACE,
    healthcheckIntervalMs: typeof interval === "number" ? interval * 1000 : undefined,
  };
}

const SETUP_KEYS = new Set<keyof SetupOptions>([
  "debug",
  "logger",
  "redis",
  "storage",
  "namespace",
  "dataspace",
  "fallback",
  "mcpJson",
  "env",
  "outageQueueLimit",
  "statsFlushIntervalMs",
  "requestTimeoutMs",
  "instanceId",
  "autoDataspaceLeaseMs",
  "eventLogMaxLen",
  "closeTimeoutMs",
  "spillFile",
]);

/** `mcpJson`: a path, or `{ path, writeBack?, create? }`. */
function checkMcpJson(value: unknown, issues: OptionIssue[]): void {
  const path = typeof value === "string" ? value : isRecord(value) ? value.path : undefined;
  if (typeof path !== "string" || !path) {
    issues.push({ path: "mcpJson", message: "must be a file path or { path, writeBack?, create? }" });
  }
  if (!isRecord(value)) return;
  for (const key of Object.keys(value)) {
    if (key !== "path" && key !== "writeBack" && key !== "create") {
      issues.push({ path: `mcpJson.${key}`, message: "unknown option (use path, writeBack, create)" });
    }
  }
  for (const key of ["writeBack", "create"] as const) {
    if (value[key] !== undefined && typeof value[key] !== "boolean") {
      issues.push({ path: `mcpJson.${key}`, message: "must be true or false" });
    }
  }
}

/** Checks the top-level options before anything starts; throws with every problem at once. */
export function validateSetupOptions(options: SetupOptions): void {
  const issues: OptionIssue[] = [];
  if (!isRecord(options as unknown))
    throw new InvalidOptionsError([{ path: "options", message: "must be an object" }]);
  for (const key of Object.keys(options)) {
    if (!SETUP_KEYS.has(key as keyof SetupOptions)) issues.push({ path: key, message: "unknown option" });
  }
  if (options.fallback !== undefined && options.fallback !== "memory" && options.fallback !== "error") {
    issues.push({ path: "fallback", message: 'must be "memory" or "error"' });
  }
  checkSpaceName(options.namespace, "namespace", issues);
  checkSpaceName(options.dataspace, "dataspace", issues);
  for (const key of [
    "outageQueueLimit",
    "statsFlushIntervalMs",
    "requestTimeoutMs",
    "autoDataspaceLeaseMs",
    "eventLogMaxLen",
  ] as const) {
    const v = options[key];
    if (v !== undefined && (typeof v !== "number" || !Number.isInteger(v) || v <= 0)) {
      issues.push({ path: key, message: "must be a positive integer" });
    }
  }
  const closeTimeout = options.closeTimeoutMs;
  if (
    closeTimeout !== undefined &&
    (typeof closeTimeout !== "number" || !Number.isInteger(closeTimeout) || closeTimeout < 0)
  ) {
    issues.push({ path: "closeTimeoutMs", message: "must be a whole number of ms, 0 or more" });
  }
  if (options.spillFile !== undefined && (typeof options.spillFile !== "string" || !options.spillFile)) {
    issues.push({ path: "spillFile", message: "must be a file path" });
  }
  if (options.mcpJson !== undefined) checkMcpJson(options.mcpJson, issues);
  if (
    options.storage !== undefined &&
    (!isRecord(options.storage) || typeof options.storage.batch !== "function")
  ) {
    issues.push({ path: "storage", message: "must be a StorageAdapter" });
  }
  if (options.instanceId !== undefined && (typeof options.instanceId !== "string" || !options.instanceId)) {
    issues.push({ path: "instanceId", message: "must be a non-empty string" });
  }
  if (issues.length) throw new InvalidOptionsError(issues);
}

import type { StorageAdapter } from "@mcpstore/storage";
import { InvalidOptionsError, type OptionIssue } from "./errors.js";
import type { Logger } from "./logger.js";

export interface HostPort {
  host: string;
  port: number;
}

/**
 * The guide's `redis` config in camelCase. JSON/env config files may use the guide's snake_case
 * spellings (`socket_timeout`, `healthcheck_interval`, `sentinel_password`, `nat_map`); both are
 * accepted. Times are in seconds, as in the guide.
 */
export interface RedisOptions {
  /** `redis://[user:password@]host:port/db`, `rediss://` for TLS, `unix:///path`. Default redis://localhost:6379/0. */
  url?: string;
  password?: string | null;
  username?: string;
  db?: number;
  /** Isolates applications (default "default"). */
  namespace?: string;
  /** `"auto"` (default): a fresh id per setup, deleted on close. Any other value persists and is shared. */
  dataspace?: string;
  /** Seconds before a Redis command or connect attempt gives up (default 2.0). */
  socketTimeout?: number;
  /** Seconds between health checks of Redis and of each MCP service (default 30). */
  healthcheckInterval?: number;
  /** Sentinel: the sentinels to ask, plus the master `name`. */
  sentinels?: HostPort[];
  name?: string;
  sentinelPassword?: string;
  /** Cluster: seed nodes. */
  cluster?: HostPort[];
  natMap?: Record<string, HostPort>;
  tls?: boolean | Record<string, unknown>;
}

export interface McpJsonOptions {
  path: string;
  /** Writes the file back (atomically) when services are added, updated or removed. Default false. */
  writeBack?: boolean;
}

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
}

export interface NormalisedRedis {
  /** Passed to `createRedisAdapter` as is. */
  adapterConfig: Record<string, unknown>;
  namespace: string;
  dataspace: string;
  socketTimeoutMs: number;
  healthcheckIntervalMs: number;
}

export const DEFAULT_REDIS_URL = "redis://localhost:6379/0";
export const DEFAULT_NAMESPACE = "default";
export const AUTO_DATASPACE = "auto";

const SNAKE_TO_CAMEL: Record<string, string> = {
  socket_timeout: "socketTimeout",
  healthcheck_interval: "healthcheckInterval",
  health_check_interval: "healthcheckInterval",
  sentinel_password: "sentinelPassword",
  nat_map: "natMap",
};

const KNOWN_KEYS = new Set([
  "url",
  "password",
  "username",
  "db",
  "namespace",
  "dataspace",
  "socketTimeout",
  "healthcheckInterval",
  "sentinels",
  "name",
  "sentinelPassword",
  "cluster",
  "natMap",
  "tls",
]);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function checkHostPorts(value: unknown, path: string, issues: OptionIssue[]): void {
  if (!Array.isArray(value) || value.length === 0) {
    issues.push({ path, message: "must be a non-empty array of { host, port }" });
    return;
  }
  value.forEach((node, i) => {
    if (!isRecord(node) || typeof node.host !== "string" || !node.host) {
      issues.push({ path: `${path}[${i}].host`, message: "must be a non-empty string" });
    }
    const port = isRecord(node) ? node.port : undefined;
    if (typeof port !== "number" || !Number.isInteger(port) || port < 1 || port > 65535) {
      issues.push({ path: `${path}[${i}].port`, message: "must be an integer 1-65535" });
    }
  });
}

/** A namespace or dataspace: non-empty, printable; the keyspace escapes the rest. */
function checkSpaceName(value: unknown, path: string, issues: OptionIssue[]): void {
  if (value === undefined) return;
  if (typeof value !== "string" || value.length === 0 || value.length > 128 || /\p{Cc}/u.test(value)) {
    issues.push({ path, message: "must be a non-empty string of at most 128 printable characters" });
  }
}

function checkSeconds(value: unknown, path: string, issues: OptionIssue[]): void {
  if (value === undefined) return;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    issues.push({ path, message: `must be a positive number of seconds (got ${JSON.stringify(value)})` });
  }
}

/**
 * Validates and normalises the `redis` option: snake_case accepted, unknown keys rejected (a typo in
 * `dataspace` must not silently fall back to "auto"), defaults from the guide filled in.
 */
export function normaliseRedisOptions(input: RedisOptions | string): NormalisedRedis {
  const issues: OptionIssue[] = [];
  const raw: Record<string, unknown> = typeof input === "string" ? { url: input } : { ...input };
  if (!isRecord(raw))
    throw new InvalidOptionsError([{ path: "redis", message: "must be an object or a URL" }]);
  const cfg: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    const camel = SNAKE_TO_CAMEL[key] ?? key;
    if (!KNOWN_KEYS.has(camel)) {
      issues.push({ path: `redis.${key}`, message: "unknown option" });
      continue;
    }
    if (value === undefined) continue;
    if (camel in cfg) issues.push({ path: `redis.${key}`, message: `given twice (also as ${camel})` });
    cfg[camel] = value;
  }
  if (cfg.url !== undefined && (typeof cfg.url !== "string" || !/^(rediss?|unix):\/\//.test(cfg.url))) {
    issues.push({ path: "redis.url", message: "must start with redis://, rediss:// or unix://" });
  }
  if (cfg.password !== undefined && cfg.password !== null && typeof cfg.password !== "string") {
    issues.push({ path: "redis.password", message: "must be a string or null" });
  }
  if (cfg.db !== undefined && (typeof cfg.db !== "number" || !Number.isInteger(cfg.db) || cfg.db < 0)) {
    issues.push({ path: "redis.db", message: "must be a non-negative integer" });
  }
  checkSpaceName(cfg.namespace, "redis.namespace", issues);
  checkSpaceName(cfg.dataspace, "redis.dataspace", issues);
  checkSeconds(cfg.socketTimeout, "redis.socketTimeout", issues);
  checkSeconds(cfg.healthcheckInterval, "redis.healthcheckInterval", issues);
  if (cfg.sentinels !== undefined) {
    checkHostPorts(cfg.sentinels, "redis.sentinels", issues);
    if (typeof cfg.name !== "string" || !cfg.name) {
      issues.push({ path: "redis.name", message: "the Sentinel master name is required with sentinels" });
    }
  }
  if (cfg.cluster !== undefined) checkHostPorts(cfg.cluster, "redis.cluster", issues);
  if (cfg.sentinels !== undefined && cfg.cluster !== undefined) {
    issues.push({ path: "redis", message: "give either sentinels or cluster, not both" });
  }
  if (issues.length) throw new InvalidOptionsError(issues);

  if (cfg.password === null) delete cfg.password;
  const usesNodes = cfg.sentinels !== undefined || cfg.cluster !== undefined;
  if (cfg.url === undefined && !usesNodes) cfg.url = DEFAULT_REDIS_URL;
  const socketTimeout = (cfg.socketTimeout as number | undefined) ?? 2;
  const healthcheckInterval = (cfg.healthcheckInterval as number | undefined) ?? 30;
  const { namespace, dataspace, ...adapterConfig } = cfg;
  return {
    adapterConfig: { ...adapterConfig, socketTimeout, healthcheckInterval },
    namespace: (namespace as string | undefined) ?? DEFAULT_NAMESPACE,
    dataspace: (dataspace as string | undefined) ?? AUTO_DATASPACE,
    socketTimeoutMs: socketTimeout * 1000,
    healthcheckIntervalMs: healthcheckInterval * 1000,
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
]);

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
  ] as const) {
    const v = options[key];
    if (v !== undefined && (typeof v !== "number" || !Number.isInteger(v) || v <= 0)) {
      issues.push({ path: key, message: "must be a positive integer" });
    }
  }
  if (options.mcpJson !== undefined) {
    const path = typeof options.mcpJson === "string" ? options.mcpJson : options.mcpJson?.path;
    if (typeof path !== "string" || !path) issues.push({ path: "mcpJson", message: "must be a file path" });
  }
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

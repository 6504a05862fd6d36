import type { ConnectionOptions } from "node:tls";
import { StorageConfigError } from "@mcpstore/storage";
import { parseRedisUrl } from "./url.js";

/** A Redis node: `{ host, port }` or `"host:port"`. */
export type RedisNodeAddress = { host: string; port: number } | string;

/**
 * How to reach Redis: exactly one of `url` (one server), `sentinels` + `name` (Sentinel) or `cluster`
 * (seed nodes of a Redis Cluster). Times are in seconds, as in the Python guide; its snake_case names
 * (`socket_timeout`, `healthcheck_interval`, `sentinel_password`, `nat_map`, …) are accepted too.
 */
export interface RedisAdapterConfig {
  /** `redis://[[user]:password@]host[:port][/db]`, `rediss://…` (TLS) or `unix:///path/to/redis.sock[?db=N]`. */
  url?: string;
  /** Overrides the URL's password; `null` or absent means "the URL's, or none". Never printed. */
  password?: string | null;
  /** ACL user (Redis 6+); overrides the URL's. */
  username?: string | null;
  /** Database number; overrides the URL's. Must be 0 in Cluster. */
  db?: number;
  /** TLS: `true`, or Node TLS options (ca, cert, key, servername, …). Implied by `rediss://`. */
  tls?: boolean | ConnectionOptions;

  /** Sentinel: the sentinels to ask for the current master of `name`. */
  sentinels?: readonly RedisNodeAddress[];
  /** Sentinel: the monitored master's name. */
  name?: string;
  /** Sentinel: password of the sentinels themselves (the data nodes use `password`). */
  sentinelPassword?: string | null;
  sentinelUsername?: string | null;
  /** Sentinel: "master" (default) or "slave"/"replica" for a read-only connection to a replica. */
  role?: "master" | "slave" | "replica";

  /** Cluster: seed nodes; the rest are discovered. */
  cluster?: readonly RedisNodeAddress[];
  /** Cluster/Sentinel: maps the addresses nodes announce to reachable ones (`{ "10.0.0.5:7000": { host, port } }`). */
  natMap?: Readonly<Record<string, { host: string; port: number }>>;

  /**
   * Seconds (the guide's `socket_timeout`, default 2.0): connecting and every command give up after
   * this long with StorageTimeoutError / StorageUnavailableError.
   */
  socketTimeout?: number;
  /** Seconds between health-check PINGs that keep `status` honest (default 30; 0 turns them off). */
  healthcheckInterval?: number;
  /** `CLIENT SETNAME` for the connections (shows in `CLIENT LIST`). */
  connectionName?: string;
  /**
   * Replicas that must confirm a write (`WAIT`, sent in the same round trip, up to half of
   * `socketTimeout`) before it is acknowledged; otherwise it fails with StorageUnavailableError (it may
   * or may not persist). `"all-up"`: every replica the topology currently reports as up for the master
   * the write goes to (Sentinel: `SENTINEL REPLICAS`; Cluster: `CLUSTER NODES`; one server: `INFO
   * replication`), re-read on every change — so an acknowledged write survives a failover to any of
   * them. A number: exactly that many. `0`: Redis's own asynchronous replication (fastest; writes the
   * master took but had not passed on are lost when it fails over). Default `"all-up"` with Sentinel and
   * Cluster, `0` for one server.
   */
  replicaAcks?: number | "all-up";

  /** The store's own settings, accepted (and ignored) so the guide's redis config can be passed as is. */
  namespace?: string;
  dataspace?: string;
}

export type RedisMode = "standalone" | "sentinel" | "cluster";

export interface HostPort {
  host: string;
  port: number;
}

/** A checked config with every default filled in. */
export interface ResolvedRedisConfig {
  readonly mode: RedisMode;
  /** For messages: which server(s), never a password. */
  readonly target: string;
  readonly timeoutMs: number;
  readonly healthcheckIntervalMs: number;
  readonly connectionName: string | undefined;
  readonly replicaAcks: number | "all-up";
  readonly username: string | undefined;
  readonly password: string | undefined;
  readonly db: number;
  readonly tls: ConnectionOptions | undefined;
  /** standalone */
  readonly host?: string;
  readonly port?: number;
  readonly path?: string;
  /** sentinel and cluster */
  readonly nodes?: readonly HostPort[];
  readonly name?: string;
  readonly sentinelUsername?: string;
  readonly sentinelPassword?: string;
  readonly role?: "master" | "slave";
  readonly natMap?: Readonly<Record<string, HostPort>>;
}

export const DEFAULT_SOCKET_TIMEOUT_SECONDS = 2;
export const DEFAULT_HEALTHCHECK_INTERVAL_SECONDS = 30;

const ALIASES: Readonly<Record<string, keyof RedisAdapterConfig>> = {
  socket_timeout: "socketTimeout",
  healthcheck_interval: "healthcheckInterval",
  health_check_interval: "healthcheckInterval",
  sentinel_password: "sentinelPassword",
  sentinel_username: "sentinelUsername",
  nat_map: "natMap",
  connection_name: "connectionName",
  replica_acks: "replicaAcks",
};

const KNOWN: ReadonlySet<string> = new Set<keyof RedisAdapterConfig>([
  "url",
  "password",
  "username",
  "db",
  "tls",
  "sentinels",
  "name",
  "sentinelPassword",
  "sentinelUsername",
  "role",
  "cluster",
  "natMap",
  "socketTimeout",
  "healthcheckInterval",
  "connectionName",
  "replicaAcks",
  "namespace",
  "dataspace",
]);

const bad = (message: string) => new StorageConfigError(`Invalid Redis config: ${message}`);

/** Folds snake_case aliases into camelCase; rejects unknown keys and a setting given twice. */
function normaliseKeys(input: unknown): Record<string, unknown> {
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    throw bad('expected an object such as { url: "redis://localhost:6379/0" }');
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    const name = ALIASES[key] ?? key;
    if (!KNOWN.has(name)) throw bad(`unknown option "${key}" (known: ${[...KNOWN].join(", ")})`);
    if (value === undefined) continue;
    if (name in out) throw bad(`"${key}" is given twice (also as "${name}")`);
    out[name] = value;
  }
  return out;
}

function optionalString(value: unknown, what: string): string | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value !== "string") throw bad(`${what} must be a string or null`);
  return value;
}

function seconds(value: unknown, what: string, fallback: number, allowZero: boolean): number {
  if (value === undefined) return fallback;
  const ok = typeof value === "number" && Number.isFinite(value) && (allowZero ? value >= 0 : value > 0);
  if (!ok || (value as number) > 86_400) {
    throw bad(
      `${what} must be a ${allowZero ? "non-negative" : "positive"} number of seconds, got ${JSON.stringify(value)}`,
    );
  }
  return value as number;
}

export function parseNodeAddress(node: unknown, what: string): HostPort {
  if (typeof node === "string") {
    const match = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(node.trim());
    if (!match) throw bad(`${what} "${node}" must look like "host:port"`);
    return parseNodeAddress({ host: match[1], port: Number(match[2]) }, what);
  }
  if (node === null || typeof node !== "object") throw bad(`${what} must be { host, port } or "host:port"`);
  const { host, port } = node as { host?: unknown; port?: unknown };
  if (typeof host !== "string" || host === "") throw bad(`${what}.host must be a non-empty string`);
  if (typeof port !== "number" || !Number.isInteger(port) || port < 1 || port > 65_535) {
    throw bad(`${what}.port must be an integer from 1 to 65535, got ${JSON.stringify(port)}`);
  }
  return { host, port };
}

function nodeList(value: unknown, what: string): HostPort[] {
  if (!Array.isArray(value) || value.length === 0) throw bad(`${what} must be a non-empty array of nodes`);
  return value.map((node, i) => parseNodeAddress(node, `${what}[${i}]`));
}

function tlsOptions(
  value: unknown,
  impliedBy: boolean,
  servername: string | undefined,
): ConnectionOptions | undefined {
  if (value !== undefined && typeof value !== "boolean" && (value === null || typeof value !== "object")) {
    throw bad("tls must be true, false or an object of Node TLS options");
  }
  if (value === false || (value === undefined && !impliedBy)) return undefined;
  const given = typeof value === "object" ? (value as ConnectionOptions) : {};
  return { ...(servername && !/^[\d.:]+$/.test(servername) ? { servername } : {}), ...given };
}

const describeNodes = (nodes: readonly HostPort[]) => nodes.map((n) => `${n.host}:${n.port}`).join(", ");

/** Checks a config and fills in defaults; throws StorageConfigError with one clear message. */
export function resolveRedisConfig(input: RedisAdapterConfig): ResolvedRedisConfig {
  const cfg = normaliseKeys(input);
  const modes = (["url", "sentinels", "cluster"] as const).filter((k) => cfg[k] !== undefined);
  if (modes.length !== 1) {
    throw bad(
      modes.length === 0
        ? "give one of url (one server), sentinels + name (Sentinel) or cluster (seed nodes)"
        : `give only one of url, sentinels or cluster (got ${modes.join(" and ")})`,
    );
  }
  const timeoutMs = Math.round(
    seconds(cfg.socketTimeout, "socketTimeout", DEFAULT_SOCKET_TIMEOUT_SECONDS, false) * 1000,
  );
  const healthcheckIntervalMs = Math.round(
    seconds(cfg.healthcheckInterval, "healthcheckInterval", DEFAULT_HEALTHCHECK_INTERVAL_SECONDS, true) *
      1000,
  );
  if (cfg.db !== undefined && (typeof cfg.db !== "number" || !Number.isInteger(cfg.db) || cfg.db < 0)) {
    throw bad(`db must be a non-negative integer, got ${JSON.stringify(cfg.db)}`);
  }
  const replicaAcks = (cfg.replicaAcks ?? (cfg.url === undefined ? "all-up" : 0)) as number | "all-up";
  if (
    replicaAcks !== "all-up" &&
    (typeof replicaAcks !== "number" ||
      !Number.isInteger(replicaAcks) ||
      replicaAcks < 0 ||
      replicaAcks > 100)
  ) {
    throw bad(
      `replicaAcks must be "all-up" (every replica reported up) or a whole number of replicas from 0 to 100, got ${JSON.stringify(cfg.replicaAcks)}`,
    );
  }
  const common = {
    timeoutMs: Math.max(timeoutMs, 1),
    healthcheckIntervalMs,
    connectionName: optionalString(cfg.connectionName, "connectionName"),
    replicaAcks,
  };
  const password = optionalString(cfg.password, "password");
  const username = optionalString(cfg.username, "username");
  const natMap = cfg.natMap === undefined ? undefined : natMapOf(cfg.natMap);

  if (cfg.url !== undefined) {
    const url = parseRedisUrl(cfg.url);
    const db = (cfg.db as number | undefined) ?? url.db ?? 0;
    const where = url.path ? `unix:${url.path}` : `${url.host}:${url.port}`;
    return {
      ...common,
      mode: "standalone",
      target: `Redis at ${where}${db ? ` (db ${db})` : ""}`,
      username: username ?? url.username,
      password: password ?? url.password,
      db,
      tls: tlsOptions(cfg.tls, url.scheme === "rediss", url.host),
      ...(url.path ? { path: url.path } : { host: url.host!, port: url.port! }),
    };
  }

  if (cfg.sentinels !== undefined) {
    const nodes = nodeList(cfg.sentinels, "sentinels");
    const name = optionalString(cfg.name, "name");
    if (!name) throw bad("name (the Sentinel master name) is required with sentinels");
    const role =
      cfg.role === undefined || cfg.role === "master"
        ? "master"
        : cfg.role === "slave" || cfg.role === "replica"
          ? "slave"
          : undefined;
    if (!role) throw bad(`role must be "master" or "replica", got ${JSON.stringify(cfg.role)}`);
    const sentinelPassword = optionalString(cfg.sentinelPassword, "sentinelPassword");
    const sentinelUsername = optionalString(cfg.sentinelUsername, "sentinelUsername");
    return {
      ...common,
      mode: "sentinel",
      target: `Redis ${role === "master" ? "master" : "replica"} "${name}" via Sentinel ${describeNodes(nodes)}`,
      username,
      password,
      db: (cfg.db as number | undefined) ?? 0,
      tls: tlsOptions(cfg.tls, false, undefined),
      nodes,
      name,
      role,
      ...(sentinelPassword ? { sentinelPassword } : {}),
      ...(sentinelUsername ? { sentinelUsername } : {}),
      ...(natMap ? { natMap } : {}),
    };
  }

  const nodes = nodeList(cfg.cluster, "cluster");
  if (cfg.db) throw bad("db must be 0 in Cluster mode (Redis Cluster has only database 0)");
  return {
    ...common,
    mode: "cluster",
    target: `Redis Cluster (seeds ${describeNodes(nodes)})`,
    username,
    password,
    db: 0,
    tls: tlsOptions(cfg.tls, false, undefined),
    nodes,
    ...(natMap ? { natMap } : {}),
  };
}

function natMapOf(value: unknown): Record<string, HostPort> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw bad('natMap must be an object such as { "10.0.0.5:7000": { host: "203.0.113.5", port: 7000 } }');
  }
  return Object.fromEntries(
    Object.entries(value).map(([from, to]) => [from, parseNodeAddress(to, `natMap["${from}"]`)]),
  );
}

import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { CliError } from "./errors.js";

/** The global options every command accepts (commander merges them via optsWithGlobals). */
export interface GlobalOptions {
  config?: string;
  redis?: string;
  sentinel?: string;
  sentinelName?: string;
  cluster?: string;
  namespace?: string;
  dataspace?: string;
  agent?: string;
  json?: boolean;
  debug?: boolean;
}

export interface ConfigLocation {
  readonly path: string;
  /** Given by --config or MCPSTORE_CONFIG (a missing file is then a mistake, not a fresh start). */
  readonly explicit: boolean;
}

export function configLocation(opts: GlobalOptions): ConfigLocation {
  const given = opts.config ?? process.env.MCPSTORE_CONFIG;
  if (given) return { path: resolve(given), explicit: true };
  return { path: join(homedir(), ".mcpstore", "mcp.json"), explicit: false };
}

function nodes(list: string, flag: string): { host: string; port: number }[] {
  return list.split(",").map((item) => {
    const m = /^\s*\[?([^\]\s]+?)\]?:(\d{1,5})\s*$/.exec(item);
    const port = m ? Number(m[2]) : 0;
    if (!m || port < 1 || port > 65535) {
      throw new CliError("USAGE", `${flag}: "${item.trim()}" is not host:port (e.g. 127.0.0.1:26379)`);
    }
    return { host: m[1]!, port };
  });
}

/**
 * The `redis` setup option the flags (or MCPSTORE_REDIS_URL) ask for, or undefined for the mcp.json
 * registry. A CLI registry must outlive the process, so the dataspace defaults to "default".
 */
export function redisOptions(opts: GlobalOptions): Record<string, unknown> | undefined {
  const url = opts.redis ?? process.env.MCPSTORE_REDIS_URL;
  // The flags exclude each other; the environment's URL only counts when no flag names a storage.
  const given = (["redis", "sentinel", "cluster"] as const).filter((k) => opts[k] !== undefined);
  if (given.length > 1) {
    throw new CliError(
      "USAGE",
      `give one of --redis, --sentinel or --cluster, not ${given.map((k) => `--${k}`).join(" and ")}`,
    );
  }
  const spaces = {
    ...(opts.namespace === undefined ? {} : { namespace: opts.namespace }),
    dataspace: opts.dataspace ?? "default",
  };
  if (opts.sentinel) {
    if (!opts.sentinelName) {
      throw new CliError(
        "USAGE",
        "--sentinel needs --sentinel-name <master name> (the name the Sentinels monitor)",
      );
    }
    return { sentinels: nodes(opts.sentinel, "--sentinel"), name: opts.sentinelName, ...spaces };
  }
  if (opts.sentinelName) throw new CliError("USAGE", "--sentinel-name is only used with --sentinel");
  if (opts.cluster) return { cluster: nodes(opts.cluster, "--cluster"), ...spaces };
  if (url) return { url, ...spaces };
  return undefined;
}

/** `redis://user:secret@host` → `redis://user:***@host`, for anything printed. */
export function redactUrl(url: string): string {
  return url.replace(
    /\b([a-z][a-z0-9+.-]*:\/\/)([^/\s:@]*)(?::[^/\s@]*)?@/gi,
    (_m, s: string, u: string) => `${s}${u}:***@`,
  );
}

/** Where the registry lives, for messages and `doctor`. */
export function describeStorage(opts: GlobalOptions): string {
  const redis = redisOptions(opts);
  if (!redis) return `file ${configLocation(opts).path}`;
  if (typeof redis.url === "string") return `Redis ${redactUrl(redis.url)}`;
  const list = (redis.sentinels ?? redis.cluster) as { host: string; port: number }[];
  const addr = list.map((n) => `${n.host}:${n.port}`).join(",");
  return redis.sentinels ? `Redis Sentinel ${addr} (master "${redis.name}")` : `Redis Cluster ${addr}`;
}

/** A `--timeout <ms>` value: a positive whole number of milliseconds. */
export function parseMs(value: string | undefined, flag = "--timeout"): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) {
    throw new CliError("USAGE", `${flag} must be a positive number of milliseconds, got "${value}"`);
  }
  return n;
}

/** `K=V` pairs of --env / --header into an object. */
export function parsePairs(pairs: readonly string[], flag: string): Record<string, string> | undefined {
  if (!pairs.length) return undefined;
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new CliError("USAGE", `${flag} "${pair}" is not K=V`);
    out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}

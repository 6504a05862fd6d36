import { StorageAuthError, StorageConfigError, StorageUnavailableError } from "@mcpstore/storage";
import { Redis } from "ioredis";
import type { HostPort, ResolvedRedisConfig } from "./config.js";
import { isAuthFailure, messageOf, scrubbed } from "./errors.js";

/**
 * Asks the configured server(s) what they are before the adapter's own client connects, so a wrong
 * config fails at once with the option to use instead of as a retry loop or a raw server error:
 * a `url` pointing at a Cluster node or a sentinel, `cluster` seeds that are not Cluster nodes,
 * sentinels that are not sentinels or know no master of that name, a missing or refused password.
 * Nothing is reachable: StorageUnavailableError at once (the adapter's client, with its background
 * retries and timers, is never created). Every probe connection is closed before this returns.
 */
export async function probeServers(cfg: ResolvedRedisConfig): Promise<void> {
  if (cfg.mode === "standalone") {
    const verdict = await probe(standaloneEndpoint(cfg), dataCredentials(cfg), cfg, (c, where) =>
      checkDataServer(c, where, "standalone"),
    );
    if (verdict instanceof Error) throw verdict;
    if (verdict !== "ok") throw unreachable(cfg, verdict.unreachable);
    return;
  }
  const nodes = cfg.nodes ?? [];
  const credentials = cfg.mode === "sentinel" ? sentinelCredentials(cfg) : dataCredentials(cfg);
  const verdicts = await Promise.all(
    nodes.map((node) =>
      probe({ host: node.host, port: node.port }, credentials, cfg, (c, where) =>
        cfg.mode === "sentinel" ? checkSentinel(c, where, cfg.name!) : checkDataServer(c, where, "cluster"),
      ),
    ),
  );
  // One node that answers as expected is enough: ioredis finds the rest through it (and skips the odd one).
  if (verdicts.includes("ok")) return;
  const wrong = verdicts.find((v): v is Error => v instanceof Error);
  if (wrong) throw wrong;
  const last = verdicts.at(-1) as { unreachable: Error } | undefined;
  throw unreachable(cfg, last?.unreachable);
}

/** A wrong config or credentials (the error to throw), the server's network error, or fine. */
type Verdict = Error | { unreachable: Error } | "ok";

type Endpoint = HostPort | { path: string };
interface Credentials {
  username: string | undefined;
  password: string | undefined;
  /** The options that set them, for messages. */
  options: string;
}

const dataCredentials = (cfg: ResolvedRedisConfig): Credentials => ({
  username: cfg.username,
  password: cfg.password,
  options: "redis.password (or the password in the URL)",
});
const sentinelCredentials = (cfg: ResolvedRedisConfig): Credentials => ({
  username: cfg.sentinelUsername,
  password: cfg.sentinelPassword,
  options: "sentinelPassword",
});

function standaloneEndpoint(cfg: ResolvedRedisConfig): Endpoint {
  return cfg.path ? { path: cfg.path } : { host: cfg.host!, port: cfg.port! };
}

const describe = (e: Endpoint) => ("path" in e ? `unix:${e.path}` : `${e.host}:${e.port}`);

async function probe(
  endpoint: Endpoint,
  credentials: Credentials,
  cfg: ResolvedRedisConfig,
  check: (client: Redis, where: string) => Promise<Error | undefined>,
): Promise<Verdict> {
  const where = describe(endpoint);
  const client = new Redis({
    ...endpoint,
    ...(credentials.username === undefined ? {} : { username: credentials.username }),
    ...(credentials.password === undefined ? {} : { password: credentials.password }),
    ...(cfg.tls === undefined ? {} : { tls: cfg.tls }),
    lazyConnect: true,
    connectTimeout: cfg.timeoutMs,
    commandTimeout: cfg.timeoutMs,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
    enableReadyCheck: false,
    enableOfflineQueue: false,
    // ioredis keeps a 2 s timer after disconnect() by default, which would hold the process open.
    disconnectTimeout: 0,
  });
  // connect() only says "Connection is closed."; the reason (refused, NOAUTH, WRONGPASS) comes here.
  let reason: Error | undefined;
  client.on("error", (error: Error) => {
    reason = error;
  });
  try {
    try {
      await client.connect();
    } catch (error) {
      const why = reason ?? (error as Error);
      return notRedis(why, where) ?? authProblem(why, where, credentials) ?? { unreachable: why };
    }
    return (await check(client, where)) ?? "ok";
  } catch (error) {
    // NOPERM (an ACL user without INFO) or anything odd: the adapter's own connection has the last word.
    return notRedis(error as Error, where) ?? authProblem(error as Error, where, credentials) ?? "ok";
  } finally {
    client.disconnect();
    // A probe has nothing left to say: close the socket now rather than waiting for the server's FIN,
    // so a failed setup leaves no socket or timer behind (the process can exit at once).
    client.stream?.destroy();
  }
}

/**
 * Something answered, but not in Redis's protocol (an HTTP server, another service on that port): a
 * wrong address, said so — never "unreachable", which would send the user to start Redis, or let the
 * memory fallback hide it.
 */
function notRedis(error: Error | undefined, where: string): StorageConfigError | undefined {
  const text = error ? messageOf(error) : "";
  if (!/Unknown RESP type|Protocol error/i.test(text)) return undefined;
  const first = /Unknown RESP type \d+ "(.)"/.exec(text)?.[1];
  const http = first === "<" || first === "H";
  return new StorageConfigError(
    `the server at ${where} does not speak the Redis protocol${http ? " (it answered like an HTTP server)" : ""}: ` +
      "check the host and port of redis.url",
    { cause: scrubbed(error!) },
  );
}

/** A missing or refused password, said so, with the option to set; undefined for anything else. */
function authProblem(error: Error, where: string, credentials: Credentials): StorageAuthError | undefined {
  const text = messageOf(error);
  if (/^NOAUTH\b/.test(text) && credentials.password === undefined) {
    return new StorageAuthError(
      `Redis at ${where} requires a password: set ${credentials.options}, e.g. redis://:PASSWORD@${where} (${text})`,
      { cause: scrubbed(error) },
    );
  }
  if (isAuthFailure(error)) {
    const what = credentials.username ? `username "${credentials.username}" or the password` : "password";
    return new StorageAuthError(
      `Redis at ${where} refused the credentials: wrong ${what}; check ${credentials.options} (${text})`,
      { cause: scrubbed(error) },
    );
  }
  return undefined;
}

/** The `redis_mode` of INFO server: standalone, cluster or sentinel. */
async function redisMode(client: Redis): Promise<string | undefined> {
  const info = String(await client.call("INFO", "server"));
  return /^redis_mode:(\w+)/m.exec(info)?.[1];
}

async function masterNames(client: Redis): Promise<string[]> {
  try {
    const reply = (await client.call("SENTINEL", "MASTERS")) as unknown[];
    return reply.map((fields) => {
      const list = fields as string[];
      return list[list.indexOf("name") + 1] ?? "?";
    });
  } catch {
    return [];
  }
}

const known = (names: string[]) => (names.length ? `it knows: ${names.join(", ")}` : "it knows no masters");

async function checkDataServer(
  client: Redis,
  where: string,
  wanted: "standalone" | "cluster",
): Promise<Error | undefined> {
  const mode = await redisMode(client);
  if (mode === "sentinel") {
    const names = await masterNames(client);
    return new StorageConfigError(
      `${where} is a Redis Sentinel, not a data server: use sentinels: ["${where}", …] and name: ` +
        `"${names[0] ?? "<master name>"}" instead of ${wanted === "cluster" ? "cluster" : "url"} (${known(names)})`,
    );
  }
  if (wanted === "standalone" && mode === "cluster") {
    return new StorageConfigError(
      `${where} is a Redis Cluster node: use cluster: ["${where}", …] (any nodes of the Cluster) instead of url`,
    );
  }
  if (wanted === "cluster" && mode !== undefined && mode !== "cluster") {
    return new StorageConfigError(
      `${where} is not a Redis Cluster node (redis_mode: ${mode}): use url: "redis://${where}" for one server`,
    );
  }
  return undefined;
}

async function checkSentinel(client: Redis, where: string, name: string): Promise<Error | undefined> {
  const mode = await redisMode(client);
  if (mode !== undefined && mode !== "sentinel") {
    return new StorageConfigError(
      `${where} is not a Redis Sentinel (redis_mode: ${mode}): list the sentinels (port 26379 by default) in sentinels` +
        `${mode === "cluster" ? ", or use cluster: [...] for a Cluster" : ', or use url: "redis://..." for one server'}`,
    );
  }
  const address = await client.call("SENTINEL", "get-master-addr-by-name", name);
  if (address !== null) return undefined;
  return new StorageConfigError(
    `Sentinel knows no master named "${name}" (${known(await masterNames(client))})`,
  );
}

function unreachable(cfg: ResolvedRedisConfig, last: Error | undefined): StorageUnavailableError {
  const why = last ? messageOf(last) : "no answer";
  return new StorageUnavailableError(`${cfg.target} is unreachable: ${why}`, {
    ...(last ? { cause: scrubbed(last) } : {}),
  });
}

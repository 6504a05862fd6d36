import { Redis } from "ioredis";

export interface RedisAddress {
  host: string;
  port: number;
}

export interface RedisCredentials {
  username?: string;
  password?: string;
  /** TLS (a `rediss://` external server); the harness's own servers are plain TCP on loopback. */
  tls?: boolean;
}

/**
 * Runs `use` on a short-lived, non-retrying connection to one server (data node or sentinel) and closes it.
 * RESP2 and no ready check, so admin replies (INFO, CLUSTER NODES, SENTINEL ...) come back as plain
 * strings and arrays on every server version; a refused connection fails at once instead of queueing.
 */
export async function withAdminConnection<T>(
  address: RedisAddress,
  credentials: RedisCredentials,
  use: (redis: Redis) => Promise<T>,
  timeoutMs = 3_000,
): Promise<T> {
  const redis = new Redis({
    host: address.host,
    port: address.port,
    ...(credentials.username === undefined ? {} : { username: credentials.username }),
    ...(credentials.password === undefined ? {} : { password: credentials.password }),
    ...(credentials.tls === true ? { tls: {} } : {}),
    protocol: 2,
    lazyConnect: true,
    enableReadyCheck: false,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    disableClientInfo: true,
  });
  // Errors surface through the awaited commands; the listener only stops ioredis from logging them.
  redis.on("error", () => {});
  try {
    await redis.connect();
    return await use(redis);
  } finally {
    redis.disconnect();
  }
}

/** One admin command; the reply as ioredis gives it. */
export function adminCommand(
  address: RedisAddress,
  credentials: RedisCredentials,
  command: string,
  ...args: (string | number)[]
): Promise<unknown> {
  return withAdminConnection(address, credentials, (redis) => redis.call(command, ...args));
}

/** `INFO <section>` parsed into field → value. */
export async function infoFields(
  address: RedisAddress,
  credentials: RedisCredentials,
  section: string,
): Promise<Map<string, string>> {
  const text = String(await adminCommand(address, credentials, "INFO", section));
  return parseInfo(text);
}

export function parseInfo(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon > 0 && !line.startsWith("#")) fields.set(line.slice(0, colon), line.slice(colon + 1).trim());
  }
  return fields;
}

import { withAdminConnection } from "./admin-connection.js";
import type { StandaloneRedisInfo } from "./connection-info.js";
import { RedisHarnessError } from "./errors.js";

/**
 * The connection info of a server someone else runs (`MCPSTORE_TEST_REDIS=external:<url>`), after checking
 * it answers PING. The harness never writes to it, FLUSHes it or stops it.
 */
export async function useExternalRedis(url: string): Promise<StandaloneRedisInfo> {
  const parsed = new URL(url);
  const host = parsed.hostname.replace(/^\[(.*)\]$/, "$1");
  const port = parsed.port === "" ? 6379 : Number(parsed.port);
  const username = parsed.username === "" ? undefined : decodeURIComponent(parsed.username);
  const password = parsed.password === "" ? undefined : decodeURIComponent(parsed.password);
  const credentials = {
    ...(username === undefined ? {} : { username }),
    ...(password === undefined ? {} : { password }),
  };
  try {
    await withAdminConnection(
      { host, port },
      { ...credentials, tls: parsed.protocol === "rediss:" },
      (redis) => redis.ping(),
    );
  } catch (error) {
    throw new RedisHarnessError(
      "REDIS_TOPOLOGY_NOT_READY",
      `external Redis ${host}:${port} does not answer PING: ${(error as Error).message}`,
      { cause: error },
    );
  }
  return { url, host, port, ...credentials };
}

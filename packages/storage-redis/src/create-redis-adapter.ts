import type { StorageAdapter } from "@mcpstore/storage";
import { type RedisAdapterConfig, resolveRedisConfig } from "./config.js";
import { probeServers } from "./probe.js";
import { RedisAdapter } from "./redis-adapter.js";

/**
 * Connects to Redis (one server, Sentinel or Cluster) and returns a ready StorageAdapter.
 * Rejects with StorageConfigError (bad config), StorageAuthError (credentials refused) or
 * StorageUnavailableError (unreachable within 2 × socketTimeout) — each naming the server, never the
 * password.
 */
export async function createRedisAdapter(config: RedisAdapterConfig): Promise<StorageAdapter> {
  const cfg = resolveRedisConfig(config);
  // A wrong kind of server, an unknown Sentinel master, a missing password or nothing reachable fails
  // here, at once and clearly, before the adapter's client and its retry timers exist.
  await probeServers(cfg);
  const adapter = new RedisAdapter(cfg);
  try {
    await adapter.start();
  } catch (error) {
    await adapter.close();
    throw error;
  }
  return adapter;
}

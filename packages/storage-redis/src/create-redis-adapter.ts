import type { StorageAdapter } from "@mcpstore/storage";
import { type RedisAdapterConfig, resolveRedisConfig } from "./config.js";
import { RedisAdapter } from "./redis-adapter.js";

/**
 * Connects to Redis (one server, Sentinel or Cluster) and returns a ready StorageAdapter.
 * Rejects with StorageConfigError (bad config), StorageAuthError (credentials refused) or
 * StorageUnavailableError (unreachable within 2 × socketTimeout) — each naming the server, never the
 * password.
 */
export async function createRedisAdapter(config: RedisAdapterConfig): Promise<StorageAdapter> {
  const adapter = new RedisAdapter(resolveRedisConfig(config));
  try {
    await adapter.start();
  } catch (error) {
    await adapter.close();
    throw error;
  }
  return adapter;
}

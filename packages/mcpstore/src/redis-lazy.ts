import type { StorageAdapter } from "@mcpstore/storage";
import type { RedisAdapterConfig } from "@mcpstore/storage-redis";

export type { RedisAdapterConfig };

/**
 * Opens a Redis adapter to pass as `setupStore({ storage })`. `@mcpstore/storage-redis` (and with it
 * ioredis) is loaded on the first call, not when `mcpstore` is imported, so a memory-only program never
 * loads Redis code. For the adapter's other exports import `mcpstore/redis`.
 */
export async function createRedisAdapter(config: RedisAdapterConfig): Promise<StorageAdapter> {
  const redis = await import("@mcpstore/storage-redis");
  return redis.createRedisAdapter(config);
}

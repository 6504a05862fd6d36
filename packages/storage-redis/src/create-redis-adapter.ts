import type { StorageAdapter } from "@mcpstore/storage";
import { Redis } from "ioredis";

export interface RedisAdapterConfig {
  /** `redis://[:password@]host:port/db` */
  url: string;
}

/** A storage adapter on one Redis server. Filled out by the storage-core issue. */
export async function createRedisAdapter(config: RedisAdapterConfig): Promise<StorageAdapter> {
  const client = new Redis(config.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await client.connect();
  return {
    get: (key) => client.get(key),
    set: async (key, value) => {
      await client.set(key, value);
    },
    delete: async (key) => (await client.del(key)) > 0,
    ping: async () => {
      await client.ping();
    },
    close: async () => {
      await client.quit();
    },
  };
}

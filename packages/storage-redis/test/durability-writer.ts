import { type StorageAdapter, StorageUnavailableError } from "@mcpstore/storage";
import { type SentinelRedis, startRedisSentinel } from "@mcpstore/test-harness";
import { Redis } from "ioredis";
import { afterAll, beforeAll } from "vitest";
import { createRedisAdapter } from "../src/index.js";

/**
 * Writes new keys through `adapter` from `lanes` concurrent loops (each a versioned put plus an event,
 * like a registry write) and records which ones were acknowledged. Only "unavailable" failures are
 * expected while the master changes; anything else fails the test.
 */
export function startRegistryWriter(
  adapter: StorageAdapter,
  prefix: string,
  { lanes = 8, payloadBytes = 1024 }: { lanes?: number; payloadBytes?: number } = {},
) {
  const payload = "x".repeat(payloadBytes);
  const acknowledged: string[] = [];
  let rejected = 0;
  let running = true;
  const lane = async (n: number) => {
    for (let i = 0; running; i++) {
      const key = `${prefix}:w:${n}:${i}`;
      try {
        const result = await adapter.batch([
          { op: "putVersioned", key, value: payload, expectedVersion: null },
          { op: "append", key: `${prefix}:events`, payload: key, maxLen: 1_000_000 },
        ]);
        if (!result.ok) throw new Error(`unexpected conflict on ${key}`);
        acknowledged.push(key);
      } catch (error) {
        if (!(error instanceof StorageUnavailableError)) throw error;
        rejected++;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }
  };
  const done = Promise.all(Array.from({ length: lanes }, (_, n) => lane(n)));
  return {
    acknowledged,
    get rejected() {
      return rejected;
    },
    stop: async () => {
      running = false;
      await done;
    },
  };
}

/** How many of `keys` exist on the node at host:port (read directly, not through the adapter). */
export async function countPresent(
  node: { host: string; port: number },
  keys: readonly string[],
): Promise<number> {
  const redis = new Redis({ host: node.host, port: node.port, lazyConnect: true, maxRetriesPerRequest: 1 });
  redis.on("error", () => {});
  try {
    await redis.connect();
    let present = 0;
    for (let start = 0; start < keys.length; start += 1000) {
      const chunk = keys.slice(start, start + 1000);
      const pipeline = redis.pipeline();
      for (const key of chunk) pipeline.exists(key);
      const replies = (await pipeline.exec()) ?? [];
      present += replies.filter(([, exists]) => Number(exists) === 1).length;
    }
    return present;
  } finally {
    redis.disconnect();
  }
}

/**
 * Stops the processes (SIGSTOP) until the returned function is called (SIGCONT): replicas that lag (a
 * stall, a slow disk, a congested link) for less than Sentinel needs to flag them down.
 */
export function pause(nodes: readonly { pid: number | undefined }[]): () => void {
  const pids = nodes.map((node) => node.pid).filter((pid): pid is number => pid !== undefined);
  for (const pid of pids) process.kill(pid, "SIGSTOP");
  return () => {
    for (const pid of pids) process.kill(pid, "SIGCONT");
  };
}

/**
 * Registers hooks that start a private master + 2 replicas + 3 sentinels and an adapter on it with the
 * defaults, and tear both down; the getters are valid inside the file's tests.
 */
export function useSentinelWithAdapter(): { topology(): SentinelRedis; adapter(): StorageAdapter } {
  let topology: SentinelRedis | undefined;
  let adapter: StorageAdapter | undefined;
  beforeAll(async () => {
    topology = await startRedisSentinel({ replicas: 2 });
    adapter = await createRedisAdapter({ sentinels: topology.info.sentinels, name: topology.info.name });
  }, 60_000);
  afterAll(async () => {
    await adapter?.close();
    await topology?.stop();
  });
  return { topology: () => topology!, adapter: () => adapter! };
}

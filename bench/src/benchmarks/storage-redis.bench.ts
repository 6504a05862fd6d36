import { createRedisAdapter } from "@mcpstore/storage-redis";
import { startStandaloneRedis } from "@mcpstore/test-harness";
import { compare, type Row } from "../measure.js";

// One round trip for 100 documents versus 100 single calls (a loop awaiting each), on a private
// loopback redis-server. INFO commandstats proves the single command in
// packages/storage-redis/test/round-trips.test.ts; this shows what it is worth.
export async function run(): Promise<Row[]> {
  const server = await startStandaloneRedis();
  const adapter = await createRedisAdapter({ url: server.info.url, healthcheckInterval: 0 });
  try {
    const keys = Array.from({ length: 100 }, (_, i) => `{bench}:services:service_${i}:config`);
    const entries = keys.map((key) => ({
      key,
      value: JSON.stringify({ command: "npx", args: ["-y", key] }),
    }));
    const withTtl = entries.map((e) => ({ ...e, ttlMs: 60_000 }));
    await adapter.setMany(withTtl);
    return [
      await compare({
        name: "storage-redis: write 100 documents",
        baseline: {
          label: "100 × set",
          run: async () => {
            for (const e of entries) await adapter.set(e.key, e.value);
          },
        },
        candidate: { label: "setMany (MSET)", run: () => adapter.setMany(entries) },
        samples: 100,
        warmup: 10,
      }),
      await compare({
        name: "storage-redis: write 100 documents with TTL",
        baseline: {
          label: "100 × set ttlMs",
          run: async () => {
            for (const e of withTtl) await adapter.set(e.key, e.value, { ttlMs: e.ttlMs });
          },
        },
        candidate: { label: "setMany (1 EVALSHA)", run: () => adapter.setMany(withTtl) },
        samples: 100,
        warmup: 10,
      }),
      await compare({
        name: "storage-redis: read 100 documents",
        baseline: {
          label: "100 × get",
          run: async () => {
            for (const key of keys) await adapter.get(key);
          },
        },
        candidate: { label: "getMany (MGET)", run: () => adapter.getMany(keys) },
        samples: 100,
        warmup: 10,
      }),
    ];
  } finally {
    await adapter.close();
    await server.stop();
  }
}

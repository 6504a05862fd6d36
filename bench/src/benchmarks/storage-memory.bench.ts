import { MemoryAdapter } from "@mcpstore/storage";
import { compare, type Row } from "../measure.js";

// What MemoryAdapter's checks, expiry bookkeeping and promises cost over a bare Map, per operation;
// ops per second are 1e6 / the candidate's median µs.
export async function run(): Promise<Row[]> {
  const adapter = new MemoryAdapter();
  const map = new Map<string, string>();
  const keys = Array.from({ length: 1024 }, (_, i) => `default:ws:services:service_${i}:config`);
  for (const key of keys) {
    map.set(key, "{}");
    await adapter.set(key, "{}");
  }
  let i = 0;
  const next = () => keys[i++ & 1023]!;
  const rows = [
    await compare({
      name: "storage: MemoryAdapter get",
      baseline: { label: "Map.get (sync)", run: () => map.get(next()) },
      candidate: { label: "MemoryAdapter.get", run: () => adapter.get(next()) },
      batch: 2_000,
      samples: 100,
    }),
    await compare({
      name: "storage: MemoryAdapter set",
      baseline: { label: "Map.set (sync)", run: () => map.set(next(), "{}") },
      candidate: { label: "MemoryAdapter.set", run: () => adapter.set(next(), "{}") },
      batch: 2_000,
      samples: 100,
    }),
    await compare({
      name: "storage: MemoryAdapter set with TTL",
      baseline: { label: "MemoryAdapter.set", run: () => adapter.set(next(), "{}") },
      candidate: {
        label: "MemoryAdapter.set ttlMs",
        run: () => adapter.set(next(), "{}", { ttlMs: 60_000 }),
      },
      batch: 2_000,
      samples: 100,
    }),
    await compare({
      name: "storage: MemoryAdapter versioned write",
      baseline: { label: "MemoryAdapter.set", run: () => adapter.set(next(), "{}") },
      candidate: {
        label: "batch putVersioned",
        run: () => adapter.batch([{ op: "putVersioned", key: `${next()}:v`, value: "{}" }]),
      },
      batch: 2_000,
      samples: 100,
    }),
  ];
  await adapter.close();
  for (const row of rows) {
    console.log(`${row.candidate}: ${Math.round(1e6 / row.candidateMedianUs).toLocaleString("en")} ops/s`);
  }
  return rows;
}

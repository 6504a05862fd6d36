import type { StorageAdapter } from "@mcpstore/storage";
import { createRedisAdapter } from "@mcpstore/storage-redis";
import { startRedisSentinel } from "@mcpstore/test-harness";
import { compare, type Row } from "../measure.js";

// What the safe default costs: a registry write (versioned put + event, one EVALSHA) on Sentinel with
// 2 replicas, acknowledged at once (`replicaAcks: 0`) versus after WAIT for every replica up (the
// default, "all-up"). One writer awaiting each write, then 16 writes in flight. Writes/s = 1e6 / µs
// per write. The figures go into the durability section of packages/storage-redis/README.md.
export async function run(): Promise<Row[]> {
  const topology = await startRedisSentinel({ replicas: 2 });
  const connect = (replicaAcks: number | "all-up") =>
    createRedisAdapter({
      sentinels: topology.info.sentinels,
      name: topology.info.name,
      replicaAcks,
      healthcheckInterval: 0,
    });
  const fast = await connect(0);
  const safe = await connect("all-up");
  let n = 0;
  const write = (adapter: StorageAdapter) => () => {
    const key = `{bench-durability}:services:s${n++ % 1000}:config`;
    return adapter.batch([
      { op: "putVersioned", key, value: '{"command":"npx","args":["-y","x"]}' },
      { op: "append", key: "{bench-durability}:events", payload: key, maxLen: 10_000 },
    ]);
  };
  const inFlight = (adapter: StorageAdapter) => () => Promise.all(Array.from({ length: 16 }, write(adapter)));
  try {
    return [
      await compare({
        name: "storage-redis Sentinel: registry write, 1 in flight",
        baseline: { label: "replicaAcks 0", run: write(fast) },
        candidate: { label: 'replicaAcks "all-up" (2 replicas)', run: write(safe) },
        batch: 20,
        samples: 100,
        warmup: 10,
      }),
      await compare({
        name: "storage-redis Sentinel: 16 registry writes in flight",
        baseline: { label: "replicaAcks 0", run: inFlight(fast) },
        candidate: { label: 'replicaAcks "all-up" (2 replicas)', run: inFlight(safe) },
        batch: 5,
        samples: 100,
        warmup: 10,
      }),
    ];
  } finally {
    await Promise.all([fast.close(), safe.close()]);
    await topology.stop();
  }
}

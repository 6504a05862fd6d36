import { type StorageAdapter, StorageUnavailableError } from "@mcpstore/storage";
import { type ClusterRedis, startRedisCluster } from "@mcpstore/test-harness";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createRedisAdapter } from "../src/index.js";
import { pause } from "./durability-writer.js";

// A Cluster whose masters have replicas: by default a write is acknowledged only once the replica of
// its slot's master confirmed it (WAIT, per slot from CLUSTER NODES).
let cluster: ClusterRedis;
let adapter: StorageAdapter;

beforeAll(async () => {
  cluster = await startRedisCluster({ masters: 3, replicasPerMaster: 1 });
  adapter = await createRedisAdapter({ cluster: cluster.info.nodes, socketTimeout: 1 });
}, 60_000);

afterAll(async () => {
  await adapter?.close();
  await cluster?.stop();
});

it("acknowledges a write only once the replica of its slot's master confirmed it", async () => {
  const write = (key: string) =>
    adapter.batch([{ op: "putVersioned", key, value: "v", expectedVersion: null }]);
  expect((await write("{acks}:before")).ok).toBe(true);

  const resume = pause(cluster.replicas);
  let refused: unknown;
  try {
    refused = await write("{acks}:while-replicas-stall").catch((error: unknown) => error);
  } finally {
    resume();
  }
  expect(refused).toBeInstanceOf(StorageUnavailableError);
  expect((refused as Error).message).toMatch(/confirmed by 0 of 1 replica/);

  expect((await write("{acks}:after")).ok).toBe(true);
}, 30_000);

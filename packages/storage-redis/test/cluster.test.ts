import { createKeyspace } from "@mcpstore/keyspace";
import { Cluster } from "ioredis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createRedisAdapter, keySlot } from "../src/index.js";
import "@mcpstore/test-harness";

const info = inject("redisCluster");
let admin: Cluster;

beforeAll(async () => {
  admin = new Cluster(info.nodes, { redisOptions: info.password ? { password: info.password } : {} });
  await admin.ping();
});

afterAll(() => admin?.disconnect());

const open = () =>
  createRedisAdapter({ cluster: info.nodes, password: info.password ?? null, socketTimeout: 5 });
const scope = () => `ct${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;

/** Which master serves each slot, from CLUSTER SLOTS. */
async function slotOwners(): Promise<(slot: number) => string> {
  const ranges = (await admin.cluster("SLOTS")) as unknown as [number, number, [string, number]][];
  return (slot) => {
    const range = ranges.find(([from, to]) => slot >= from && slot <= to);
    return range ? `${range[2][0]}:${range[2][1]}` : "unassigned";
  };
}

describe("Redis Cluster specifics", () => {
  it("computes the same slot as CLUSTER KEYSLOT, hash tags included", async () => {
    const keys = [
      "plain",
      "{user1000}.following",
      "{user1000}.followers",
      "{}",
      "{}tag",
      "a{}b{c}",
      "{{a}}",
      "half{open",
      "{default:workspace1}:services:weather:config",
      "ключ{标签}",
      "emoji 😀",
      ...Array.from({ length: 40 }, (_, i) => `k${i}:${Math.random()}`),
    ];
    for (const key of keys) expect(keySlot(key), key).toBe(await admin.cluster("KEYSLOT", key));
  });

  it("spreads the suite's scan tags over every master, and scanPrefix finds keys on all of them", async () => {
    const owner = await slotOwners();
    const prefix = `${scope()}:`;
    const keys = Array.from({ length: 30 }, (_, i) => `${prefix}{s${i}}:doc`);
    expect(new Set(keys.map((k) => owner(keySlot(k)))).size).toBe(3);
    const adapter = await open();
    for (const key of keys) await adapter.set(key, "1");
    expect((await adapter.scanPrefix(prefix)).sort()).toEqual([...keys].sort());
    expect(await adapter.delete(...keys)).toBe(30);
    await adapter.close();
  });

  it("multi-key reads and writes across slots work, one command per slot; CROSSSLOT never reaches the caller", async () => {
    const s = scope();
    const keys = Array.from({ length: 12 }, (_, i) => `${s}:{t${i}}:k`);
    expect(new Set(keys.map(keySlot)).size).toBeGreaterThan(1);
    const adapter = await open();
    await adapter.setMany(
      keys.map((key, i) => ({ key, value: `v${i}`, ...(i % 2 ? { ttlMs: 60_000 } : {}) })),
    );
    expect(await adapter.getMany(keys)).toEqual(keys.map((_, i) => `v${i}`));
    expect(await adapter.expire(keys, 60_000)).toBe(12);
    expect(await adapter.delete(...keys)).toBe(12);
    const versioned = keys.map((k) => `${k}:v`);
    for (const key of versioned) await adapter.batch([{ op: "putVersioned", key, value: key }]);
    expect((await adapter.getManyVersioned(versioned)).map((v) => v?.value)).toEqual(versioned);
    expect(await adapter.delete(...versioned)).toBe(12);
    await adapter.close();
  });

  it("a dataspace built by a Cluster keyspace fits in one atomic batch", async () => {
    const ks = createKeyspace({ namespace: "ct", dataspace: scope(), cluster: true });
    const adapter = await open();
    const result = await adapter.batch([
      { op: "putVersioned", key: ks.serviceConfig("weather"), value: "{}", expectedVersion: null },
      { op: "hset", key: ks.serviceIndex(), fields: { weather: "1" } },
      { op: "hincrby", key: ks.toolStats("get_current_weather"), field: "calls", by: 1 },
      { op: "append", key: ks.events(), payload: "service-added" },
      { op: "set", key: ks.meta(), value: "{}", ttlMs: 60_000 },
    ]);
    expect(result.ok).toBe(true);
    expect((await adapter.scanPrefix(ks.prefix())).length).toBe(5);
    await adapter.delete(...(await adapter.scanPrefix(ks.prefix())));
    await adapter.close();
  });
});

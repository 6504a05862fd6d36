import { type StandaloneRedis, startStandaloneRedis } from "@mcpstore/test-harness";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedisAdapter } from "../src/index.js";

// A private server, so the counts are ours alone: the shared ones serve other tests at the same time.
let server: StandaloneRedis;
let admin: Redis;

beforeAll(async () => {
  server = await startStandaloneRedis();
  admin = new Redis(server.info.url);
}, 60_000);

afterAll(async () => {
  admin?.disconnect();
  await server?.stop();
});

/** Calls per command since the last reset, from INFO commandstats (without the INFO itself). */
async function commandCalls(): Promise<Record<string, number>> {
  const text = await admin.info("commandstats");
  const calls: Record<string, number> = {};
  for (const [, name, count] of text.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) {
    if (name !== "info" && name !== "config|resetstat") calls[name!] = Number(count);
  }
  return calls;
}

async function counted(action: () => Promise<unknown>): Promise<Record<string, number>> {
  await admin.config("RESETSTAT");
  await action();
  return commandCalls();
}

describe("batches are one round trip (counted with INFO commandstats)", () => {
  it("100 documents: setMany is one MSET (one EVALSHA with TTLs), getMany one MGET", async () => {
    const adapter = await createRedisAdapter({ url: server.info.url });
    const keys = Array.from({ length: 100 }, (_, i) => `{rt}:doc:${i}`);
    // Scripts are loaded by the first EVALSHA miss; count the steady state.
    await adapter.setMany([{ key: "{rt}:warm", value: "w", ttlMs: 60_000 }]);
    await adapter.getManyVersioned(["{rt}:warm-v"]);
    await adapter.batch([{ op: "set", key: "{rt}:warm", value: "w" }]);

    expect(await counted(() => adapter.setMany(keys.map((key, i) => ({ key, value: `v${i}` }))))).toEqual({
      mset: 1,
    });
    expect(await counted(() => adapter.getMany(keys))).toEqual({ mget: 1 });
    // With TTLs the 100 SETs run inside one script call; commandstats counts those inner calls too.
    expect(
      await counted(() => adapter.setMany(keys.map((key, i) => ({ key, value: `t${i}`, ttlMs: 60_000 })))),
    ).toEqual({ evalsha: 1, set: 100 });
    expect(await adapter.getMany(keys.slice(0, 2))).toEqual(["t0", "t1"]);

    const configs = keys.map((key) => `${key}:config`);
    expect(
      await counted(() =>
        adapter.batch(configs.map((key) => ({ op: "putVersioned" as const, key, value: "{}" }))),
      ),
    ).toEqual({ evalsha: 1, type: 200, hget: 200, hset: 100, persist: 100 }); // all inside the one script call
    expect(await counted(() => adapter.getManyVersioned(configs))).toEqual({
      evalsha: 1,
      type: 100,
      hmget: 100,
    });
    expect(await counted(() => adapter.delete(...keys, ...configs))).toEqual({ del: 1 });
    await adapter.close();
  });

  it("firstEventId is one XRANGE", async () => {
    const adapter = await createRedisAdapter({ url: server.info.url });
    const log = "{rt}:events";
    const appended = await adapter.batch([{ op: "append", key: log, payload: "e" }]);
    if (!appended.ok) throw new Error("append failed");
    let first = "";
    expect(
      await counted(async () => {
        first = await adapter.firstEventId(log);
      }),
    ).toEqual({ xrange: 1 });
    expect(first).toBe(appended.eventIds[0]);
    await adapter.close();
  });
});

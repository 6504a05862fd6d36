import { type SentinelRedis, startRedisSentinel, waitFor } from "@mcpstore/test-harness";
import { Redis } from "ioredis";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type Logger, MCPStore, WriteQueueFullError } from "../../src/index.js";
import { uniqueNamespace } from "./topologies.js";

// `addService` in a tight loop through a real `SENTINEL FAILOVER` (master + 2 replicas + 3 sentinels,
// the store's defaults): every add that resolved is in the registry afterwards — for the writer, for a
// fresh instance and in Redis — and the writer's storage state comes back to "ok" by itself while the
// loop keeps writing (recovery must not depend on the write load).
let topology: SentinelRedis;

beforeAll(async () => {
  topology = await startRedisSentinel({ replicas: 2 });
}, 60_000);

afterAll(async () => {
  await topology?.stop();
});

const quiet: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

it("no acknowledged addService is lost through a real SENTINEL FAILOVER; the store recovers under load", async () => {
  const namespace = uniqueNamespace("failover");
  const redis = { sentinels: topology.info.sentinels, name: topology.info.name, namespace, dataspace: "ws" };
  const store = await MCPStore.setupStore({ redis, fallback: "error", logger: quiet });
  const ctx = store.forStore();
  const acknowledged: string[] = [];
  const states = new Set<string>();
  let queueFull = 0;
  let running = true;
  // Every service points at a closed port: it exists in the registry, its connection just fails. The
  // wall-clock bound keeps the test finite even if the loop never lets timers run (as it did before).
  const deadline = Date.now() + 30_000;
  const loop = (async () => {
    for (let i = 0; running && Date.now() < deadline; i++) {
      const name = `svc${i}`;
      try {
        await ctx.addService({ mcpServers: { [name]: { url: "http://127.0.0.1:9/mcp" } } });
        acknowledged.push(name);
      } catch (error) {
        if (!(error instanceof WriteQueueFullError)) throw error;
        queueFull++;
      }
      states.add(store.storageStatus.status);
    }
  })();
  let recovered = false;
  const started = Date.now();
  const marks: string[] = [];
  const mark = (what: string) => marks.push(`${what} ${Date.now() - started} ms`);
  try {
    await waitFor(() => acknowledged.length >= 150, { timeoutMs: 15_000, description: "first adds" });
    mark("failover sent");
    await topology.sentinelFailover();
    mark("sentinels agree");
    const atSwitch = acknowledged.length;
    // Still writing flat out: the store must get back to "ok" and keep acknowledging.
    await waitFor(
      () => {
        if (!recovered && states.has("degraded") && store.storageStatus.status === "ok") {
          recovered = true;
          mark("back to ok");
        }
        return recovered && acknowledged.length >= atSwitch + 150;
      },
      { timeoutMs: 20_000, intervalMs: 20, description: "storage back to ok while adds go on" },
    ).catch(() => {});
    mark("done");
  } finally {
    running = false;
    await loop;
  }
  const status = store.storageStatus;
  console.log(
    `[durability] addService through SENTINEL FAILOVER: acknowledged ${acknowledged.length}, queue-full rejections ${queueFull}, ` +
      `states seen ${[...states].join(" → ")}, ${marks.join(", ")}, back to ok under load: ${recovered}, now ${status.status} (${status.queued} queued)`,
  );
  const fresh = await MCPStore.setupStore({ redis, fallback: "error", logger: quiet });
  try {
    await waitFor(() => store.storageStatus.status === "ok", {
      timeoutMs: 10_000,
      description: "the writer's storage state back to ok",
    }).catch(() => {});
    const writerNames = new Set((await ctx.listServices()).map((s) => s.name));
    const freshNames = new Set((await fresh.forStore().listServices()).map((s) => s.name));
    const master = await waitFor(() => topology.currentMaster(), { description: "the current master" });
    const configKeys = await countConfigKeys(master, `${namespace}:ws:services:`);
    const present = acknowledged.filter((name) => freshNames.has(name)).length;
    console.log(
      `[durability] acknowledged ${acknowledged.length}, writer lists ${writerNames.size}, fresh instance lists ${freshNames.size} ` +
        `(${present} of the acknowledged), config keys ${configKeys}, writer state ${store.storageStatus.status}`,
    );
    expect(recovered).toBe(true);
    expect(store.storageStatus).toMatchObject({ status: "ok", queued: 0 });
    expect(writerNames.size).toBe(acknowledged.length);
    expect(freshNames.size).toBe(acknowledged.length);
    expect(present).toBe(acknowledged.length);
    expect(configKeys).toBe(acknowledged.length);
  } finally {
    await fresh.close();
    await store.close();
  }
}, 60_000);

async function countConfigKeys(node: { host: string; port: number }, prefix: string): Promise<number> {
  const client = new Redis({ host: node.host, port: node.port, lazyConnect: true });
  client.on("error", () => {});
  try {
    await client.connect();
    let count = 0;
    let cursor = "0";
    do {
      const [next, keys] = await client.scan(cursor, "MATCH", `${prefix}*:config`, "COUNT", 1000);
      count += keys.length;
      cursor = next;
    } while (cursor !== "0");
    return count;
  } finally {
    client.disconnect();
  }
}

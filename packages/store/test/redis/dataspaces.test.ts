import { fixtureStdioConfig, waitFor } from "@mcpstore/test-harness";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { MCPStore } from "../../src/index.js";
import { runWorker } from "../workers/run-worker.js";
import { topologies, uniqueNamespace } from "./topologies.js";

let raw: Redis;
beforeAll(() => {
  raw = new Redis(inject("redis").url);
});
afterAll(async () => {
  await raw.quit();
});

describe("auto and fixed dataspaces (standalone)", () => {
  it("keeps an auto dataspace's keys alive by a refreshed lease and deletes them on close", async () => {
    const namespace = uniqueNamespace("auto");
    const store = await MCPStore.setupStore({
      redis: { url: inject("redis").url, namespace, dataspace: "auto" },
      fallback: "error",
      autoDataspaceLeaseMs: 3_000,
      statsFlushIntervalMs: 50,
    });
    expect(store.dataspace).toMatch(/^auto-/);
    await store.forStore().addService({ mcpServers: { fixture: fixtureStdioConfig() } });
    await store.forStore().waitService("fixture");
    await store.forStore().useTool("echo", { text: "x" });
    const prefix = `${namespace}:${store.dataspace}:`;
    const keys = await waitFor(
      async () => {
        const found = await raw.keys(`${prefix}*`);
        return found.some((k) => k.endsWith(":stats")) && found.some((k) => k.endsWith(":cache"))
          ? found
          : undefined;
      },
      { description: "stats and cache written" },
    );
    for (const key of keys) {
      const ttl = await raw.pttl(key);
      expect(ttl, key).toBeGreaterThan(0);
      expect(ttl, key).toBeLessThanOrEqual(3_000);
    }
    // The lease is refreshed while the store lives: after more than a whole lease the keys are still there.
    const config = `${prefix}services:fixture:config`;
    const firstSeen = Date.now();
    await waitFor(async () => Date.now() - firstSeen > 3_500 && (await raw.exists(config)) === 1, {
      description: "the config outliving one lease",
      timeoutMs: 20_000,
    });
    expect(await raw.pttl(config)).toBeGreaterThan(0);

    await store.close();
    expect(await raw.keys(`${prefix}*`)).toEqual([]);
  });

  it("lets the keys of a store that died without close() expire on their own", async () => {
    const namespace = uniqueNamespace("orphan");
    const worker = runWorker("./crash-after-add.ts", [inject("redis").url, namespace, "1500"]);
    const { dataspace } = await worker.message<{ dataspace: string }>((m) => typeof m.dataspace === "string");
    expect(await worker.exited).toBeNull(); // killed by SIGKILL: no close(), no cleanup
    const prefix = `${namespace}:${dataspace}:`;
    expect((await raw.keys(`${prefix}*`)).length).toBeGreaterThan(0);
    await waitFor(async () => (await raw.keys(`${prefix}*`)).length === 0, {
      description: "the orphaned auto dataspace to expire",
      timeoutMs: 20_000,
    });
  });

  it("persists a fixed dataspace (no TTL) across stores and runs", async () => {
    const namespace = uniqueNamespace("fixed");
    const redis = { url: inject("redis").url, namespace, dataspace: "my_workspace" };
    const first = await MCPStore.setupStore({ redis, fallback: "error" });
    await first.forStore().addService({ mcpServers: { s: { url: "http://127.0.0.1:9/mcp" } } });
    await first.close();
    const config = `${namespace}:my_workspace:services:s:config`;
    expect(await raw.pttl(config)).toBe(-1);
    const second = await MCPStore.setupStore({ redis, fallback: "error" });
    expect((await second.forStore().listServices()).map((s) => s.name)).toEqual(["s"]);
    await second.forStore().removeService("s");
    await second.close();
  });
});

describe.each(topologies)("namespaces on $name", (topology) => {
  it("isolates two applications completely, even with the same dataspace name", async () => {
    const a = await MCPStore.setupStore({
      redis: { ...topology.redis(), namespace: uniqueNamespace("app_a"), dataspace: "team" },
      fallback: "error",
    });
    const b = await MCPStore.setupStore({
      redis: { ...topology.redis(), namespace: uniqueNamespace("app_b"), dataspace: "team" },
      fallback: "error",
    });
    await a.forStore().addService({ mcpServers: { only_a: { url: "http://127.0.0.1:9/mcp" } } });
    expect((await a.forStore().listServices()).map((s) => s.name)).toEqual(["only_a"]);
    expect(await b.forStore().listServices()).toEqual([]);
    await a.forStore().removeService("only_a");
    await Promise.all([a.close(), b.close()]);
  });
});

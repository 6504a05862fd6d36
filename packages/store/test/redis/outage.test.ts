import { createServer } from "node:net";
import {
  fixtureStdioConfig,
  type StandaloneRedis,
  startStandaloneRedis,
  waitFor,
} from "@mcpstore/test-harness";
import { afterEach, describe, expect, it } from "vitest";
import { type Logger, MCPStore, type StoreEvent } from "../../src/index.js";
import { uniqueNamespace } from "./topologies.js";

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn().catch(() => {});
});

function capture(): { logger: Logger; warnings: string[] } {
  const warnings: string[] = [];
  const logger: Logger = {
    debug: () => {},
    info: () => {},
    warn: (m) => warnings.push(m),
    error: (m) => warnings.push(m),
  };
  return { logger, warnings };
}

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 1));
    });
  });
}

describe("Redis unreachable at setup", () => {
  it("warns and runs on memory (the guide's Q5)", async () => {
    const { logger, warnings } = capture();
    const url = `redis://:secret-pw@127.0.0.1:${await closedPort()}/0`;
    const store = await MCPStore.setupStore({ redis: { url, socketTimeout: 0.5 }, logger });
    cleanup.push(() => store.close());
    expect(store.storageStatus).toMatchObject({ kind: "memory", status: "memory-fallback", queued: 0 });
    expect(store.storageStatus.lastError).toBeTruthy();
    expect(warnings.join("\n")).toMatch(/unreachable.*memory/s);
    expect(warnings.join("\n")).not.toContain("secret-pw");
    await store.forStore().addService({ mcpServers: { fixture: fixtureStdioConfig() } });
    await store.forStore().waitService("fixture");
    expect((await store.forStore().useTool("add", { a: 2, b: 2 })).structuredContent).toEqual({ sum: 4 });
  });

  it('rejects with fallback: "error"', async () => {
    const url = `redis://127.0.0.1:${await closedPort()}/0`;
    await expect(
      MCPStore.setupStore({ redis: { url, socketTimeout: 0.5 }, fallback: "error" }),
    ).rejects.toMatchObject({ code: "STORAGE_UNREACHABLE" });
  });

  it("does not hide a bad config behind the fallback", async () => {
    await expect(
      MCPStore.setupStore({ redis: { url: "redis://127.0.0.1:1/0", socketTimeout: -1 } }),
    ).rejects.toMatchObject({
      code: "STORAGE_CONFIG",
    });
  });
});

describe("Redis lost while running", () => {
  let redis: StandaloneRedis;

  it("keeps tools working, queues writes (bounded), replays them on reconnect for every instance to see", {
    timeout: 90_000,
  }, async () => {
    redis = await startStandaloneRedis();
    cleanup.push(() => redis.stop());
    const namespace = uniqueNamespace("outage");
    const config = { url: redis.info.url, namespace, dataspace: "ws", socketTimeout: 0.5 };
    const { logger, warnings } = capture();
    const a = await MCPStore.setupStore({ redis: config, fallback: "error", outageQueueLimit: 2, logger });
    cleanup.push(() => a.close());
    const statuses: StoreEvent[] = [];
    a.on("storage.status", (e) => statuses.push(e));

    const ctx = a.forStore();
    await ctx.addService({ mcpServers: { before: fixtureStdioConfig() } });
    await ctx.waitService("before");

    await redis.kill();
    await waitFor(() => a.storageStatus.status === "degraded", {
      description: "the store notices the outage",
    });

    // Writes are accepted and queued; the service connects and its tools work meanwhile.
    const [during] = await ctx.addService({ mcpServers: { during: fixtureStdioConfig() } });
    expect(during).toMatchObject({ name: "during", pendingWrite: true });
    expect(a.storageStatus).toMatchObject({ status: "degraded", queued: 1 });
    await ctx.waitService("during");
    expect((await ctx.useTool("during__add", { a: 3, b: 4 })).structuredContent).toEqual({ sum: 7 });
    expect((await ctx.useTool("before__echo", { text: "still here" })).content).toEqual([
      { type: "text", text: "still here" },
    ]);
    await ctx.updateService("during", { env: { PHASE: "outage" } });
    expect(a.storageStatus.queued).toBe(2);

    // The queue is bounded: a write that does not fit is refused with a clear error and changes nothing.
    const full = await ctx
      .addService({ mcpServers: { overflow: fixtureStdioConfig() } })
      .catch((e: unknown) => e);
    expect(full).toMatchObject({ code: "STORAGE_QUEUE_FULL" });
    expect((await ctx.listServices()).map((s) => s.name)).toEqual(["before", "during"]);

    await redis.restart();
    await waitFor(() => a.storageStatus.status === "ok" && a.storageStatus.queued === 0, {
      description: "the queue replayed after reconnect",
      timeoutMs: 30_000,
    });
    expect(statuses.map((e) => (e as { storage: { status: string } }).storage.status)).toContain("degraded");
    expect(warnings.join("\n")).toMatch(/unreachable/);
    expect(warnings.join("\n")).toMatch(/lost this dataspace's data/);

    // Redis came back empty (no persistence): the store put back what it knew, queued changes included.
    const b = await MCPStore.setupStore({ redis: config, fallback: "error" });
    cleanup.push(() => b.close());
    const seen = await b.forStore().listServices();
    expect(seen.map((s) => s.name)).toEqual(["before", "during"]);
    expect(seen.find((s) => s.name === "during")?.config.env).toEqual({ PHASE: "***" });
    const stored = await b.storage.getVersioned(`${namespace}:ws:services:during:config`);
    expect(JSON.parse(stored!.value).definition.env).toEqual({ PHASE: "outage" });
    await b.forStore().waitService("during");
    expect((await b.forStore().useTool("during__echo", { text: "from b" })).content).toEqual([
      { type: "text", text: "from b" },
    ]);

    // The catalogs and states lost with the data are published again.
    await waitFor(async () => (await b.storage.get(`${namespace}:ws:services:during:cache`)) !== null, {
      description: "the catalog cache written again",
    });

    // And the two instances are in step again: a change in b reaches a.
    await b.forStore().removeService("before");
    await waitFor(async () => (await ctx.listServices()).map((s) => s.name).join() === "during", {
      description: "a follows b after the outage",
    });
  });
});

import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  fixtureStdioConfig,
  type StandaloneRedis,
  startLatencyProxy,
  startStandaloneRedis,
  waitFor,
} from "@mcpstore/test-harness";
import { afterEach, describe, expect, it } from "vitest";
import { type Logger, MCPStore, UnwrittenChangesError } from "../../src/index.js";
import { uniqueNamespace } from "./topologies.js";

// What the user was told succeeded must reach storage, or close()/flush() must say it did not:
// - a removeService acknowledged during an outage (SIGSTOP of Redis) happens once Redis is back, even
//   when close() is called meanwhile;
// - close() that cannot wait long enough rejects listing what was not written, and with spillFile
//   the next start writes it;
// - flush() covers every call made before it, also while an earlier flush is still writing;
// - flush() during an outage says so instead of resolving.

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn().catch(() => {});
});

const quiet: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

async function privateRedis(): Promise<StandaloneRedis> {
  const redis = await startStandaloneRedis();
  cleanup.push(async () => {
    if (redis.node.pid) process.kill(redis.node.pid, "SIGCONT");
    await redis.stop();
  });
  return redis;
}

function pause(redis: StandaloneRedis, signal: "SIGSTOP" | "SIGCONT"): void {
  process.kill(redis.node.pid!, signal);
}

async function fresh(url: string, namespace: string, extra: Parameters<typeof MCPStore.setupStore>[0] = {}) {
  const store = await MCPStore.setupStore({
    redis: { url, namespace, dataspace: "ws", socketTimeout: 0.5 },
    fallback: "error",
    logger: quiet,
    ...extra,
  });
  cleanup.push(() => store.close());
  return store;
}

/** The calls stored for `tool` (straight from Redis: nothing of the reading instance is added). */
async function callsOf(store: MCPStore, tool: string): Promise<number> {
  const stats = await store.storage.hgetall(`${store.namespace}:ws:tools:${tool}:stats`);
  return Number(stats.calls ?? 0);
}

describe("close() during an outage", () => {
  it("waits for Redis to come back and writes a removal acknowledged meanwhile", {
    timeout: 60_000,
  }, async () => {
    const redis = await privateRedis();
    const namespace = uniqueNamespace("close-wait");
    const a = await fresh(redis.info.url, namespace, { closeTimeoutMs: 15_000 });
    await a.forStore().addService({ mcpServers: { gone: fixtureStdioConfig(), kept: fixtureStdioConfig() } });
    await a.forStore().waitService("kept");
    await a.forStore().useTool("kept__echo", { text: "before" });

    pause(redis, "SIGSTOP");
    await a.forStore().removeService("gone"); // acknowledged: queued while Redis does not answer
    await a.forStore().useTool("kept__echo", { text: "during" });
    expect(a.storageStatus.status).toBe("degraded");
    const closing = a.close();
    await new Promise((r) => setTimeout(r, 1_500));
    pause(redis, "SIGCONT");
    await closing;

    const b = await fresh(redis.info.url, namespace);
    expect((await b.forStore().listServices()).map((s) => s.name)).toEqual(["kept"]);
    // Each call counted once, though a flush timed out during the pause and was tried again after it.
    expect(await callsOf(b, "kept__echo")).toBe(2);
  });

  it("rejects listing what was not written, spills it, and the next start writes it", {
    timeout: 60_000,
  }, async () => {
    const redis = await privateRedis();
    const namespace = uniqueNamespace("close-spill");
    const spillFile = join(mkdtempSync(join(tmpdir(), "mcpstore-spill-")), "unwritten.json");
    const a = await fresh(redis.info.url, namespace, { closeTimeoutMs: 1_000, spillFile });
    await a.forStore().addService({ mcpServers: { gone: fixtureStdioConfig(), kept: fixtureStdioConfig() } });
    await a.forStore().waitService("kept");

    pause(redis, "SIGSTOP");
    await a.forStore().removeService("gone");
    await a.forStore().useTool("kept__echo", { text: "during the outage" });
    const started = Date.now();
    const error = await a.close().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(Date.now() - started).toBeLessThan(8_000);
    expect(error).toBeInstanceOf(UnwrittenChangesError);
    expect(error).toMatchObject({
      code: "STORAGE_UNWRITTEN",
      spilledTo: spillFile,
      unwritten: { changes: [{ service: "gone", kind: "remove" }], statsTools: ["kept__echo"] },
    });
    expect((error as Error).message).toMatch(
      /close\(\): storage is unreachable.*remove "gone".*call counts of 1 tool/s,
    );
    expect(JSON.parse(readFileSync(spillFile, "utf8"))).toMatchObject({ namespace, dataspace: "ws" });

    pause(redis, "SIGCONT");
    const b = await fresh(redis.info.url, namespace, { spillFile });
    expect((await b.forStore().listServices()).map((s) => s.name)).toEqual(["kept"]);
    expect(existsSync(spillFile)).toBe(false);
    await b.flush();
    const c = await fresh(redis.info.url, namespace);
    expect((await c.forStore().listServices()).map((s) => s.name)).toEqual(["kept"]);
    expect(await callsOf(c, "kept__echo")).toBe(1);
  });
});

describe("flush()", () => {
  it("covers a call made while an earlier flush is still writing (Redis 20 ms away)", {
    timeout: 60_000,
  }, async () => {
    const redis = await privateRedis();
    const proxy = await startLatencyProxy({ host: redis.info.host, port: redis.info.port }, 20);
    cleanup.push(() => proxy.close());
    const namespace = uniqueNamespace("flush-cover");
    const url = `redis://${proxy.host}:${proxy.port}/0`;
    const a = await fresh(url, namespace, { statsFlushIntervalMs: 60_000 });
    await a.forStore().addService({ mcpServers: { svc: fixtureStdioConfig() } });
    await a.forStore().waitService("svc");
    await a.forStore().useTool("svc__echo", { text: "one" });
    const first = a.flush(); // drains "one" and is on its way to Redis
    await a.forStore().useTool("svc__echo", { text: "two" });
    await a.close(); // must write "two" too, not return the flush in flight
    await first;
    const b = await fresh(redis.info.url, namespace);
    expect(await callsOf(b, "svc__echo")).toBe(2);
  });

  it("during an outage rejects with what is still queued, and succeeds once Redis is back", {
    timeout: 60_000,
  }, async () => {
    const redis = await privateRedis();
    const namespace = uniqueNamespace("flush-outage");
    const a = await fresh(redis.info.url, namespace);
    await a.forStore().addService({ mcpServers: { svc: fixtureStdioConfig() } });
    pause(redis, "SIGSTOP");
    await a.forStore().updateService("svc", { env: { PHASE: "outage" } });
    const [info] = await a.forStore().listServices();
    expect(info).toMatchObject({ name: "svc", pendingWrite: true });
    await expect(a.flush()).rejects.toMatchObject({
      code: "STORAGE_UNWRITTEN",
      unwritten: { changes: [{ service: "svc", kind: "put" }] },
    });
    pause(redis, "SIGCONT");
    await waitFor(() => a.storageStatus.status === "ok", {
      description: "the outage is over",
      timeoutMs: 20_000,
    });
    await a.flush();
    const [after] = await a.forStore().listServices();
    expect(after).toMatchObject({ name: "svc", pendingWrite: false });
  });
});

import { createRedisAdapter } from "@mcpstore/storage-redis";
import { type FixtureHttpServer, startFixtureHttpServer, waitFor } from "@mcpstore/test-harness";
import { afterEach, describe, expect, it } from "vitest";
import { gatedAdapter, Stores } from "./state-helpers.js";
import { topologies, uniqueNamespace } from "./topologies.js";

const stores = new Stores();
const servers: FixtureHttpServer[] = [];
afterEach(async () => {
  await stores.closeAll();
  await Promise.allSettled(servers.splice(0).map((s) => s.close()));
});

async function fixture(options: Parameters<typeof startFixtureHttpServer>[0] = {}) {
  const server = await startFixtureHttpServer(options);
  servers.push(server);
  return server;
}

const standalone = topologies.find((t) => t.name === "standalone")!;
const RUNS = 5;

// Issue 9, item 6: writes already on their way when a service is removed (its state and catalog
// publish, buffered call stats) landed after the removal and brought its keys back, without a TTL.
describe("removing a service on Redis", () => {
  it(`leaves only the removal marker in one process (${RUNS} runs: SSE service, call, remove, flush, close)`, {
    timeout: 120_000,
  }, async () => {
    const server = await fixture();
    const namespace = uniqueNamespace("rm");
    for (let run = 0; run < RUNS; run++) {
      const dataspace = `ws${run}`;
      const [raw, ks] = await stores.raw(standalone, namespace, dataspace);
      const store = await stores.setup({ redis: { ...standalone.redis(), namespace, dataspace } });
      const ctx = store.forStore();
      await ctx.addService({ mcpServers: { svc: { url: server.sseUrl } } });
      await ctx.waitService("svc");
      await ctx.useTool("echo", { text: "hi" });
      await ctx.removeService("svc");
      await store.flush();
      await store.close();
      const left = (await raw.scanPrefix(ks.prefix())).filter((k) => k.includes("svc"));
      expect(left, `run ${run}`).toEqual([ks.serviceConfig("svc")]);
    }
  });

  it("discards another instance's pending stats: they never come back and a re-add starts at zero", {
    timeout: 60_000,
  }, async () => {
    const server = await fixture();
    const namespace = uniqueNamespace("rm");
    const redis = { ...standalone.redis(), namespace, dataspace: "ws" };
    const [raw, ks] = await stores.raw(standalone, namespace, "ws");
    const a = await stores.setup({ redis });
    // b flushes its call stats only when asked.
    const b = await stores.setup({ redis, statsFlushIntervalMs: 3_600_000 });
    await a.forStore().addService({ mcpServers: { svc: { url: server.mcpUrl } } });
    await waitFor(async () => (await b.forStore().listServices()).length === 1, { description: "b sees it" });
    await b.forStore().waitService("svc");
    await b.forStore().useTool("echo", { text: "counted, then removed" });
    await a.forStore().removeService("svc");
    await waitFor(async () => (await b.forStore().listServices()).length === 0, {
      description: "b drops it",
    });
    await b.flush();
    expect(await raw.hgetall(ks.toolStats("svc__echo"))).toEqual({});

    await a.forStore().addService({ mcpServers: { svc: { url: server.mcpUrl } } });
    await waitFor(async () => (await b.forStore().listServices()).length === 1, {
      description: "b sees it again",
    });
    await b.forStore().waitService("svc");
    await b.flush();
    expect(await b.forStore().toolStats({ tool: "svc__echo" })).toMatchObject([{ calls: 0 }]);
  });

  it("does not let an instance that has not seen the removal yet bring the state back", {
    timeout: 60_000,
  }, async () => {
    const server = await fixture();
    const namespace = uniqueNamespace("rm");
    const redis = { ...standalone.redis(), namespace, dataspace: "ws" };
    const [raw, ks] = await stores.raw(standalone, namespace, "ws");
    const a = await stores.setup({ redis });
    // b's event follower can be held: b then keeps the service and its connection a while longer.
    const { namespace: _, dataspace: __, ...connection } = standalone.redis();
    const gate = gatedAdapter(await createRedisAdapter(connection), "readEvents");
    const b = await stores.setup({ storage: gate.storage, namespace, dataspace: "ws" });
    await a.forStore().addService({ mcpServers: { svc: { url: server.mcpUrl } } });
    await waitFor(async () => (await b.forStore().listServices()).length === 1, { description: "b sees it" });
    await b.forStore().waitService("svc");
    gate.hold();
    await a.forStore().removeService("svc");
    // The server goes away: b's connection changes state, and b publishes it.
    await server.close();
    await waitFor(async () => (await b.forStore().getService("svc")).state !== "healthy", {
      description: "b notices the server is gone",
    });
    await b.flush();
    expect(await raw.hgetall(ks.serviceState("svc"))).toEqual({});
    gate.release();
    await waitFor(async () => (await b.forStore().listServices()).length === 0, {
      description: "b drops it",
    });
    await b.flush();
    expect((await raw.scanPrefix(ks.prefix())).filter((k) => k.includes("svc"))).toEqual([
      ks.serviceConfig("svc"),
    ]);
    await gate.storage.close();
  });

  // Issue 9, item 10: removal deleted only the tool keys the removing instance knew of.
  it("deletes the tool keys another instance published", { timeout: 60_000 }, async () => {
    const plain = await fixture();
    const more = await fixture({ tools: 3 });
    const namespace = uniqueNamespace("rm");
    const redis = { ...standalone.redis(), namespace, dataspace: "ws" };
    const [raw, ks] = await stores.raw(standalone, namespace, "ws");
    // One definition, resolved per instance: b's endpoint serves three more tools than a's.
    const a = await stores.setup({ redis, env: { FIXTURE_URL: plain.mcpUrl } });
    const b = await stores.setup({ redis, env: { FIXTURE_URL: more.mcpUrl } });
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a placeholder each instance resolves
    await a.forStore().addService({ mcpServers: { svc: { url: "${FIXTURE_URL}" } } });
    await waitFor(async () => (await b.forStore().listServices()).length === 1, { description: "b sees it" });
    await Promise.all([a.forStore().waitService("svc"), b.forStore().waitService("svc")]);
    await waitFor(async () => (await raw.get(ks.toolInfo("svc__filler_001"))) !== null, {
      description: "b's extra tools published",
    });
    await b.close();
    await a.forStore().removeService("svc");
    await a.flush();
    expect((await raw.scanPrefix(ks.prefix())).filter((k) => k.includes("svc"))).toEqual([
      ks.serviceConfig("svc"),
    ]);
    expect(Object.values(await raw.hgetall(ks.toolIndex()))).not.toContain("svc");
  });
});

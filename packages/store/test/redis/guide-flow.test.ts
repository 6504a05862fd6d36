import { fixtureStdioConfig, waitFor } from "@mcpstore/test-harness";
import { afterEach, describe, expect, it } from "vitest";
import { MCPStore } from "../../src/index.js";
import { topologies, uniqueNamespace } from "./topologies.js";

const stores: MCPStore[] = [];
async function setup(options: Parameters<typeof MCPStore.setupStore>[0]) {
  const store = await MCPStore.setupStore({ fallback: "error", ...options });
  stores.push(store);
  return store;
}
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
});

describe.each(topologies)("the guide's flow on Redis $name", (topology) => {
  it("persists config, cache, state, tool info and stats in the guide's key layout", async () => {
    const namespace = uniqueNamespace("guide");
    const store = await setup({
      debug: false,
      redis: {
        ...topology.redis(),
        namespace,
        dataspace: "workspace1",
        socket_timeout: 2.0,
        healthcheck_interval: 30,
      } as never,
      statsFlushIntervalMs: 50,
    });
    expect(store.storageStatus).toMatchObject({ status: "ok", queued: 0 });
    expect(store.storageStatus.kind).toContain("redis");
    const ctx = store.forStore();
    await ctx.addService({ mcpServers: { weather: fixtureStdioConfig() } });
    const ws = await ctx.waitService("weather");
    expect(ws.state).toBe("healthy");
    expect((await ctx.listServices()).map((s) => s.name)).toEqual(["weather"]);
    expect((await ctx.useTool("add", { a: 1, b: 2 })).structuredContent).toEqual({ sum: 3 });

    const prefix = topology.name === "cluster" ? `{${namespace}:workspace1}:` : `${namespace}:workspace1:`;
    const expected = [
      `${prefix}services:weather:config`,
      `${prefix}services:weather:cache`,
      `${prefix}services:weather:state`,
      `${prefix}tools:weather__add:info`,
      `${prefix}tools:weather__add:stats`,
      `${prefix}index:services`,
      `${prefix}events`,
      `${prefix}meta`,
    ];
    const keys = await waitFor(
      async () => {
        const found = await store.storage.scanPrefix(prefix);
        return expected.every((k) => found.includes(k)) ? found : undefined;
      },
      { description: "every key of the guide's layout" },
    );
    expect(keys.every((k) => k.startsWith(prefix))).toBe(true);

    const config = await store.storage.getVersioned(`${prefix}services:weather:config`);
    expect(JSON.parse(config!.value)).toMatchObject({ name: "weather", owner: { kind: "store" } });
    const info = JSON.parse((await store.storage.get(`${prefix}tools:weather__add:info`))!);
    expect(info).toMatchObject({ service: "weather", originalName: "add" });
    await waitFor(
      async () => (await store.storage.hgetall(`${prefix}tools:weather__add:stats`)).calls === "1",
      {
        description: "the flushed call count",
      },
    );
    const state = await store.storage.hgetall(`${prefix}services:weather:state`);
    expect(JSON.parse(state[store.instanceId]!)).toMatchObject({ state: "healthy" });

    await ctx.removeService("weather");
    const left = await store.storage.scanPrefix(`${prefix}services:weather:`);
    expect(left).toEqual([`${prefix}services:weather:config`]); // the removal marker, with a TTL
  });

  it("shares one dataspace between stores: live changes, snapshots for late joiners, stats adding up", async () => {
    const namespace = uniqueNamespace("share");
    const redis = { ...topology.redis(), namespace, dataspace: "workspace1" };
    const a = await setup({ redis, statsFlushIntervalMs: 50 });
    const b = await setup({ redis, statsFlushIntervalMs: 50 });
    await a.forStore().addService({ mcpServers: { fixture: fixtureStdioConfig() } });
    await waitFor(async () => (await b.forStore().listServices()).length === 1, {
      description: "b sees the add",
    });
    await Promise.all([a.forStore().waitService("fixture"), b.forStore().waitService("fixture")]);
    await a.forStore().useTool("echo", { text: "a" });
    await b.forStore().useTool("echo", { text: "b" });
    await waitFor(async () => (await a.forStore().toolStats({ tool: "fixture__echo" }))[0]?.calls === 2, {
      description: "both instances' calls counted",
    });

    const late = await setup({ redis });
    expect((await late.forStore().listServices()).map((s) => s.name)).toEqual(["fixture"]);
    expect((await late.forStore().listTools()).length).toBeGreaterThan(0);

    await b.forStore().updateService("fixture", { env: { FROM: "b" } });
    await waitFor(
      async () =>
        (await a.forStore().getService("fixture")).version === 2 &&
        (await late.forStore().getService("fixture")).version === 2,
      { description: "a and the late joiner apply v2" },
    );
    await late.forStore().removeService("fixture");
    await waitFor(
      async () =>
        (await a.forStore().listServices()).length + (await b.forStore().listServices()).length === 0,
      { description: "a and b drop it" },
    );
  });
});

import { MemoryAdapter, MemoryDatabase } from "@mcpstore/storage";
import { fixtureStdioConfig, waitFor } from "@mcpstore/test-harness";
import { afterEach, describe, expect, it } from "vitest";
import { MCPStore } from "../../src/index.js";

// Several stores on one MemoryDatabase behave like several processes on one Redis: each has its own
// adapter (its own "connection"), mirror, connections and instance id.
const stores: MCPStore[] = [];
async function instance(db: MemoryDatabase, extra: Parameters<typeof MCPStore.setupStore>[0] = {}) {
  const store = await MCPStore.setupStore({
    storage: new MemoryAdapter({ database: db }),
    namespace: "shared",
    dataspace: "workspace1",
    ...extra,
  });
  stores.push(store);
  return store;
}
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
});

describe("instances sharing one dataspace", () => {
  it("see each other's adds, updates and removals live and connect or drop to match", async () => {
    const db = new MemoryDatabase();
    const a = await instance(db);
    const b = await instance(db);
    expect(a.instanceId).not.toBe(b.instanceId);

    await a.forStore().addService({ mcpServers: { fixture: fixtureStdioConfig() } });
    await waitFor(
      () =>
        b
          .forStore()
          .listServices()
          .then((s) => s.length === 1),
      { description: "b sees the add" },
    );
    const onB = await b.forStore().waitService("fixture");
    expect(onB.version).toBe(1);
    expect((await b.forStore().useTool("fixture__add", { a: 1, b: 2 })).structuredContent).toEqual({
      sum: 3,
    });

    await a.forStore().updateService("fixture", { env: { MODE: "two" } });
    await waitFor(async () => (await b.forStore().getService("fixture")).version === 2, {
      description: "b applies v2",
    });
    expect((await b.forStore().getService("fixture")).config.env).toEqual({ MODE: "***" });
    await b.forStore().waitService("fixture");

    await b.forStore().removeService("fixture");
    await waitFor(async () => (await a.forStore().listServices()).length === 0, {
      description: "a drops it",
    });
    await expect(a.forStore().useTool("fixture__add", { a: 1, b: 1 })).rejects.toMatchObject({
      code: "TOOL_NOT_FOUND",
    });
  });

  it("gives a late joiner the snapshot and the last-known catalog, marked stale until its own connection is up", async () => {
    const db = new MemoryDatabase();
    const a = await instance(db, { env: { FIXTURE_NODE: process.execPath } });
    const cfg = fixtureStdioConfig();
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${VAR} placeholder of a service config
    await a.forStore().addService({ mcpServers: { fixture: { ...cfg, command: "${FIXTURE_NODE}" } } });
    await a.forStore().waitService("fixture");
    await waitFor(
      () =>
        a
          .forStore()
          .listTools()
          .then((t) => t.length > 0),
      { description: "catalog" },
    );
    // The catalog reaches storage off the call path; wait until it is there.
    await waitFor(
      async () => {
        const late = await instance(db, { env: { FIXTURE_NODE: "/nonexistent/node" } });
        const tools = await late.forStore().listTools();
        if (tools.length === 0) {
          await late.close();
          return false;
        }
        return late;
      },
      { description: "a late joiner with the cached catalog" },
    ).then(async (late) => {
      const [info] = await late.forStore().listServices();
      expect(info).toMatchObject({ name: "fixture", catalogStale: true });
      const tools = await late.forStore().listTools();
      expect(tools.every((t) => t.stale)).toBe(true);
      expect(tools.map((t) => t.name)).toContain("fixture__add");
      // It cannot reach the server itself (its FIXTURE_NODE is wrong): the call fails fast, typed.
      await expect(late.forStore().useTool("fixture__add", { a: 1, b: 1 })).rejects.toMatchObject({
        code: "SERVICE_UNAVAILABLE",
      });
      // Each instance records its own connection state.
      await waitFor(
        async () => Object.keys((await late.forStore().getService("fixture")).instances).length === 2,
        { description: "both instances' states" },
      );
      const details = await a.forStore().getService("fixture");
      expect(details.instances[a.instanceId]?.state).toBe("healthy");
      expect(details.instances[late.instanceId]?.state).not.toBe("healthy");
      expect(details.aggregate?.state).toBe("healthy");
    });
  });

  it("restarts a service in every instance", async () => {
    const db = new MemoryDatabase();
    const a = await instance(db);
    const b = await instance(db);
    await a.forStore().addService({ mcpServers: { fixture: fixtureStdioConfig() } });
    await waitFor(
      () =>
        b
          .forStore()
          .listServices()
          .then((s) => s.length === 1),
      { description: "b sees it" },
    );
    await Promise.all([a.forStore().waitService("fixture"), b.forStore().waitService("fixture")]);
    const states: string[] = [];
    b.on("service.state", (e) => states.push(e.to));
    await a.forStore().restartService("fixture");
    await waitFor(() => states.includes("healthy"), { description: "b reconnected" });
    expect(states[0]).toBe("reconnecting");
  });

  it("converges on one final config when instances update the same service concurrently", async () => {
    const db = new MemoryDatabase();
    const a = await instance(db);
    const b = await instance(db);
    await a.forStore().addService({ mcpServers: { fixture: fixtureStdioConfig() } });
    await waitFor(
      () =>
        b
          .forStore()
          .listServices()
          .then((s) => s.length === 1),
      { description: "b sees it" },
    );
    const rounds = 15;
    // Each instance updates its own field in sequence, both at once: every write races the other's.
    const run = async (store: MCPStore, field: string) => {
      for (let i = 0; i < rounds; i++)
        await store.forStore().updateService("fixture", { env: { [field]: String(i) } });
    };
    await Promise.all([run(a, "A"), run(b, "B")]);
    const final = 1 + 2 * rounds;
    await waitFor(
      async () =>
        (await a.forStore().getService("fixture")).version === final &&
        (await b.forStore().getService("fixture")).version === final,
      { description: "both at the final version" },
    );
    const stored = await a.storage.getVersioned("shared:workspace1:services:fixture:config");
    expect(stored?.version).toBe(final);
    expect(JSON.parse(stored!.value).definition.env).toEqual({
      A: String(rounds - 1),
      B: String(rounds - 1),
    });
  }, 30_000); // many concurrent CAS retries across 3 instances: seconds on a loaded 2-core machine
});

import { waitFor } from "@mcpstore/test-harness";
import { afterEach, describe, expect, it } from "vitest";
import { Stores, tuned } from "./state-helpers.js";
import { topologies, uniqueNamespace } from "./topologies.js";

const stores = new Stores();
afterEach(() => stores.closeAll());

const svc = { url: "http://127.0.0.1:9/mcp" };
const names = async (store: { forStore(): { listServices(): Promise<{ name: string }[]> } }) =>
  (await store.forStore().listServices()).map((s) => s.name);

// Issue 9, item 7: removal markers expire, but instances remembered removals forever and a re-add
// started again at version 1 — lower than the removal every running instance remembered.
describe.each(topologies)("service versions on Redis $name", (topology) => {
  it("only grow per name, also after the removal marker expired", { timeout: 60_000 }, async () => {
    const namespace = uniqueNamespace("ver");
    const redis = { ...topology.redis(), namespace, dataspace: "ws" };
    const tuning = { tombstoneTtlMs: 400 };
    const [raw, ks] = await stores.raw(topology, namespace, "ws");
    const a = await stores.setup(tuned({ redis }, tuning));
    const b = await stores.setup(tuned({ redis }, tuning));
    await a.forStore().addService({ mcpServers: { svc } });
    await a.forStore().updateService("svc", { headers: { X: "2" } });
    await waitFor(async () => (await b.forStore().listServices())[0]?.version === 2, {
      description: "b at version 2",
    });
    await a.forStore().removeService("svc");
    const marker = await raw.getVersioned(ks.serviceConfig("svc"));
    expect(marker?.version).toBe(3);
    await waitFor(async () => (await b.forStore().listServices()).length === 0, {
      description: "b drops it",
    });
    await waitFor(async () => (await raw.getVersioned(ks.serviceConfig("svc"))) === null, {
      description: "the removal marker expired",
    });

    const [readded] = await a.forStore().addService({ mcpServers: { svc } });
    expect(readded?.version).toBeGreaterThan(3);
    const c = await stores.setup(tuned({ redis }, tuning));
    expect(await names(c)).toEqual(["svc"]);
    await waitFor(async () => (await names(b)).length === 1, { description: "b sees the re-add" });
    expect(await names(a)).toEqual(["svc"]);
    for (const store of [a, b, c]) {
      expect((await store.forStore().getService("svc")).version).toBe(readded?.version);
    }
  });
});

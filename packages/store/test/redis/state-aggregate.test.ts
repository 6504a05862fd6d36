import { waitFor } from "@mcpstore/test-harness";
import { afterEach, describe, expect, it } from "vitest";
import { Stores } from "./state-helpers.js";
import { topologies, uniqueNamespace } from "./topologies.js";

const stores = new Stores();
afterEach(() => stores.closeAll());

const TRIALS = 4;

// Issue 9, item 5: the aggregate was read (HGETALL) and written back (HSET) by each instance; two
// instances closing together both wrote "the others" = one instance, leaving aggregate=healthy,
// instances=1 beside no instance entry at all. The aggregate is now computed on read.
describe.each(topologies)("the service state on Redis $name", (topology) => {
  it(`stays consistent when two instances close at the same time (${TRIALS} trials)`, {
    timeout: 120_000,
  }, async () => {
    const namespace = uniqueNamespace("agg");
    for (let trial = 0; trial < TRIALS; trial++) {
      const dataspace = `ws${trial}`;
      const redis = { ...topology.redis(), namespace, dataspace };
      const [raw, ks] = await stores.raw(topology, namespace, dataspace);
      const a = await stores.setup({ redis });
      const b = await stores.setup({ redis });
      // An endpoint nobody listens on: each instance keeps reporting its own (non-healthy) state.
      await a.forStore().addService({ mcpServers: { svc: { url: "http://127.0.0.1:9/mcp" } } });
      await waitFor(async () => (await b.forStore().listServices()).length === 1, {
        description: "b sees it",
      });
      await Promise.all([a.flush(), b.flush()]);
      const both = await waitFor(
        async () => {
          const d = await a.forStore().getService("svc");
          return Object.keys(d.instances).length === 2 ? d : undefined;
        },
        { description: "both instances' entries" },
      );
      expect(both.aggregate?.instances).toBe(2);

      await Promise.all([a.close(), b.close()]);
      const left = await raw.hgetall(ks.serviceState("svc"));
      expect(left, `trial ${trial}: what the two closes left in the state key`).toEqual({});
    }
  });

  it("computes the aggregate from the live entries only", { timeout: 60_000 }, async () => {
    const namespace = uniqueNamespace("agg");
    const redis = { ...topology.redis(), namespace, dataspace: "ws" };
    const [raw, ks] = await stores.raw(topology, namespace, "ws");
    const a = await stores.setup({ redis });
    await a.forStore().addService({ mcpServers: { svc: { url: "http://127.0.0.1:9/mcp" } } });
    await waitFor(async () => (await raw.hgetall(ks.serviceState("svc")))[a.instanceId], {
      description: "a's own entry",
    });
    // Another instance's entry whose lease ran out, and an aggregate as older versions stored it.
    const now = Date.now();
    await raw.hset(ks.serviceState("svc"), {
      ghost: JSON.stringify({ state: "healthy", updatedAt: now - 120_000, expiresAt: now - 90_000 }),
      aggregate: JSON.stringify({ state: "healthy", instances: 5, healthyInstances: 5, updatedAt: now }),
    });
    const details = await a.forStore().getService("svc");
    expect(Object.keys(details.instances)).toEqual([a.instanceId]);
    expect(details.aggregate).toMatchObject({ instances: 1, healthyInstances: 0 });
    expect(details.aggregate?.state).toBe(details.instances[a.instanceId]?.state);
  });
});

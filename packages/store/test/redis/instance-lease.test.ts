import { waitFor } from "@mcpstore/test-harness";
import { afterEach, describe, expect, it } from "vitest";
import { runWorker, type Worker } from "../workers/run-worker.js";
import { Stores, tuned } from "./state-helpers.js";
import { topologies, uniqueNamespace } from "./topologies.js";

const stores = new Stores();
const workers: Worker[] = [];
afterEach(async () => {
  for (const w of workers.splice(0)) if (w.child.exitCode === null) w.child.kill("SIGKILL");
  await stores.closeAll();
});

const LEASE_MS = 1_500;
const standalone = topologies.find((t) => t.name === "standalone")!;

// Issue 9, item 8: an instance killed with SIGKILL was reported healthy forever in a fixed
// dataspace: its entry in `services:{service}:state` had no expiry.
describe("instance state on Redis", () => {
  it("stops counting an instance killed with SIGKILL after its lease, and prunes its entry", {
    timeout: 90_000,
  }, async () => {
    const namespace = uniqueNamespace("lease");
    const redis = { ...standalone.redis(), namespace, dataspace: "ws" };
    const [raw, ks] = await stores.raw(standalone, namespace, "ws");
    const a = await stores.setup(tuned({ redis }, { instanceLeaseMs: LEASE_MS }));
    await a.forStore().addService({ mcpServers: { svc: { url: "http://127.0.0.1:9/mcp" } } });
    const worker = runWorker("./hold-service.ts", [JSON.stringify(redis), String(LEASE_MS)]);
    workers.push(worker);
    const { instanceId: crashed } = await worker.message<{ instanceId: string }>((m) => m.ready === true);
    await waitFor(
      async () => Object.keys((await a.forStore().getService("svc")).instances).includes(crashed),
      { description: "the worker's entry", timeoutMs: 30_000 },
    );
    expect((await a.forStore().getService("svc")).aggregate?.instances).toBe(2);

    worker.child.kill("SIGKILL");
    await worker.exited;
    const killedAt = Date.now();
    const details = await waitFor(
      async () => {
        const d = await a.forStore().getService("svc");
        return Object.keys(d.instances).includes(crashed) ? undefined : d;
      },
      { description: "the killed instance no longer counted" },
    );
    console.log(
      `killed instance dropped out ${Date.now() - killedAt} ms after SIGKILL (lease ${LEASE_MS} ms)`,
    );
    expect(Object.keys(details.instances)).toEqual([a.instanceId]);
    expect(details.aggregate?.instances).toBe(1);
    await waitFor(async () => !(crashed in (await raw.hgetall(ks.serviceState("svc")))), {
      description: "the killed instance's entry pruned from storage",
    });
    expect(Object.keys(await raw.hgetall(ks.serviceState("svc")))).toEqual([a.instanceId]);
  });
});

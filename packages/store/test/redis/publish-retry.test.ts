import type { StorageAdapter, StorageStatusEvent } from "@mcpstore/storage";
import { createRedisAdapter } from "@mcpstore/storage-redis";
import { type FixtureHttpServer, startFixtureHttpServer, waitFor } from "@mcpstore/test-harness";
import { afterEach, describe, expect, it } from "vitest";
import type { Logger } from "../../src/index.js";
import { gatedAdapter, Stores } from "./state-helpers.js";
import { topologies, uniqueNamespace } from "./topologies.js";

const stores = new Stores();
const servers: FixtureHttpServer[] = [];
const adapters: StorageAdapter[] = [];
afterEach(async () => {
  await stores.closeAll();
  await Promise.allSettled(adapters.splice(0).map((a) => a.close()));
  await Promise.allSettled(servers.splice(0).map((s) => s.close()));
});

async function fixture() {
  const server = await startFixtureHttpServer();
  servers.push(server);
  return server;
}

const standalone = topologies.find((t) => t.name === "standalone")!;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Issue 9, item 10: a publish that failed for a reason other than an outage was marked for retry,
// but nothing scheduled the retry; and a service removed while a publish was reading made it throw
// away the whole publish.
describe("publishing service state on Redis", () => {
  it("retries a publish that failed for another reason than an outage, with nothing else happening", {
    timeout: 60_000,
  }, async () => {
    const server = await fixture();
    const namespace = uniqueNamespace("pub");
    const [raw, ks] = await stores.raw(standalone, namespace, "ws");
    // Someone else's value of the wrong kind sits where the state goes: every publish fails.
    await raw.set(ks.serviceState("svc"), "not a hash");
    const failures: string[] = [];
    const logger: Logger = {
      debug: (m) => {
        if (m.startsWith("publishing state/catalog failed")) failures.push(m);
      },
      info: () => {},
      warn: () => {},
      error: () => {},
    };
    const a = await stores.setup({
      redis: { ...standalone.redis(), namespace, dataspace: "ws" },
      debug: true,
      logger,
    });
    await a.forStore().addService({ mcpServers: { svc: { url: server.mcpUrl } } });
    await a.forStore().waitService("svc");
    await waitFor(() => failures.length > 0, { description: "a failed publish" });
    await pause(200); // the healthy state's publish has failed too by now
    await raw.delete(ks.serviceState("svc"));
    // The service stays healthy: no state change marks it again. Only the retry can write it.
    const entry = await waitFor(async () => (await raw.hgetall(ks.serviceState("svc")))[a.instanceId], {
      description: "the state written by the retry",
      timeoutMs: 5_000,
    });
    expect(JSON.parse(entry)).toMatchObject({ state: "healthy" });
  });

  it("publishes the other services when one is removed while a publish is under way", {
    timeout: 60_000,
  }, async () => {
    const server = await fixture();
    const namespace = uniqueNamespace("pub");
    const [raw, ks] = await stores.raw(standalone, namespace, "ws");
    const { namespace: _, dataspace: __, ...connection } = standalone.redis();
    const inner = await createRedisAdapter(connection);
    adapters.push(inner);
    // Reads of state keys can be held, and the adapter can report a reconnect, after which the store
    // republishes every service at once.
    const gate = gatedAdapter(inner, "hgetall", ([key]) => String(key).endsWith(":state"));
    const listeners = new Set<(e: StorageStatusEvent) => void>();
    const storage = new Proxy(gate.storage, {
      get(target, prop) {
        if (prop === "onStatus")
          return (fn: (e: StorageStatusEvent) => void) => {
            listeners.add(fn);
            return () => listeners.delete(fn);
          };
        const value = Reflect.get(target, prop, target) as unknown;
        return typeof value === "function" ? (value as () => unknown).bind(target) : value;
      },
    });
    const a = await stores.setup({ storage, namespace, dataspace: "ws" });
    await a
      .forStore()
      .addService({ mcpServers: { one: { url: server.mcpUrl }, two: { url: server.mcpUrl } } });
    await Promise.all([a.forStore().waitService("one"), a.forStore().waitService("two")]);
    await waitFor(async () => (await raw.hgetall(ks.serviceState("two")))[a.instanceId], {
      description: "two's state published",
    });
    await raw.hdel(ks.serviceState("two"), [a.instanceId]);

    gate.hold();
    for (const fn of listeners) fn({ status: "reconnecting", error: new Error("blip") });
    for (const fn of listeners) fn({ status: "ready" });
    await pause(300); // the republish is under way (and, if it reads first, held at the read)
    await a.forStore().removeService("one");
    gate.release();
    const entry = await waitFor(async () => (await raw.hgetall(ks.serviceState("two")))[a.instanceId], {
      description: "two's state republished",
      timeoutMs: 5_000,
    });
    expect(JSON.parse(entry)).toMatchObject({ state: "healthy" });
    expect(await raw.hgetall(ks.serviceState("one"))).toEqual({});
  });
});

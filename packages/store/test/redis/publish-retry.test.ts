import { type FixtureHttpServer, startFixtureHttpServer, waitFor } from "@mcpstore/test-harness";
import { afterEach, describe, expect, it } from "vitest";
import type { Logger } from "../../src/index.js";
import { Stores } from "./state-helpers.js";
import { topologies, uniqueNamespace } from "./topologies.js";

const stores = new Stores();
const servers: FixtureHttpServer[] = [];
afterEach(async () => {
  await stores.closeAll();
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
// but nothing scheduled the retry.
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
});

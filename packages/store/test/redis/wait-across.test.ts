import { fixtureStdioConfig } from "@mcpstore/test-harness";
import { afterEach, expect, inject, it } from "vitest";
import { MCPStore } from "../../src/index.js";
import { uniqueNamespace } from "./topologies.js";

const stores: MCPStore[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close().catch(() => {})));
});

async function open(namespace: string): Promise<MCPStore> {
  const store = await MCPStore.setupStore({
    redis: { url: inject("redis").url, namespace, dataspace: "ws" },
    fallback: "error",
  });
  stores.push(store);
  return store;
}

it("waitService in another process waits for a service just added there, and still fails a typo at once", async () => {
  const namespace = uniqueNamespace("wait-across");
  const a = await open(namespace);
  const b = await open(namespace);
  await a.forStore().addService({ mcpServers: { shared: fixtureStdioConfig() } });
  // Right away: b's follower may not have the change yet; storage does.
  const info = await b.forStore().waitService("shared", { timeoutMs: 20_000 });
  expect(info).toMatchObject({ name: "shared", state: "healthy" });

  const started = Date.now();
  await expect(b.forStore().waitService("sharde")).rejects.toMatchObject({ code: "SERVICE_NOT_FOUND" });
  expect(Date.now() - started).toBeLessThan(1_000);
});

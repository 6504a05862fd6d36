import { countingAdapter } from "@mcpstore/storage/testkit";
import { createRedisAdapter } from "@mcpstore/storage-redis";
import { fixtureStdioConfig } from "@mcpstore/test-harness";
import { describe, expect, inject, it } from "vitest";
import { MCPStore } from "../../src/index.js";
import { tuned } from "./state-helpers.js";
import { uniqueNamespace } from "./topologies.js";

describe("storage round trips (standalone)", () => {
  it("adds 100 services in one atomic batch (after one read of the version floor)", async () => {
    const { storage, calls } = countingAdapter(await createRedisAdapter({ url: inject("redis").url }));
    const store = await MCPStore.setupStore({ storage, namespace: uniqueNamespace("rt"), dataspace: "ws" });
    try {
      const mcpServers = Object.fromEntries(
        Array.from({ length: 100 }, (_, i) => [`svc${i}`, { url: `http://127.0.0.1:9/mcp/${i}` }]),
      );
      calls.length = 0;
      await store.forStore().addService({ mcpServers });
      const made = [...calls];
      // The follower's blocking read of the event stream is the only other call in flight. New
      // names start above the dataspace's version floor (versions never go back), read first.
      expect(made.filter((c) => c !== "readEvents")).toEqual(["hgetall", "batch"]);
      expect((await store.forStore().listServices()).length).toBe(100);
    } finally {
      await store.close();
      await storage.close();
    }
  });

  it("serves listing, tool listing and name resolution with no round trip in steady state", async () => {
    const { storage, calls } = countingAdapter(await createRedisAdapter({ url: inject("redis").url }));
    // The state heartbeat (a background write every 10 s) is kept out of the counted window.
    const store = await MCPStore.setupStore(
      tuned({ storage, namespace: uniqueNamespace("rt"), dataspace: "ws" }, { instanceLeaseMs: 600_000 }),
    );
    try {
      await store
        .forStore()
        .addService({ mcpServers: { one: fixtureStdioConfig(), two: fixtureStdioConfig() } });
      await Promise.all([store.forStore().waitService("one"), store.forStore().waitService("two")]);
      await store.flush();
      calls.length = 0;
      for (let i = 0; i < 50; i++) {
        await store.forStore().listServices();
        await store.forStore().listTools();
        await store.forStore().listTools({ service: "two" });
        await store.forAgent("a").listTools();
        await store
          .forStore()
          .useTool("nope")
          .catch(() => {});
        await store
          .forStore()
          .useTool("echo")
          .catch(() => {}); // ambiguous: refused without a call
      }
      expect(calls.filter((c) => c !== "readEvents")).toEqual([]);
    } finally {
      await store.close();
      await storage.close();
    }
  });
});

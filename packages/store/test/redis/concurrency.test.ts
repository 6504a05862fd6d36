import { toMcpServersEntry } from "@mcpstore/mcp-client";
import { waitFor } from "@mcpstore/test-harness";
import { describe, expect, it } from "vitest";
import { MCPStore } from "../../src/index.js";
import { runWorker } from "../workers/run-worker.js";
import { topologies, uniqueNamespace } from "./topologies.js";

const ROUNDS = 20;

describe.each(topologies)("concurrent updates from several processes on Redis $name", (topology) => {
  it("converge on one final config everywhere, keeping every writer's own field", {
    timeout: 120_000,
  }, async () => {
    const redis = { ...topology.redis(), namespace: uniqueNamespace("race"), dataspace: "ws" };
    const parent = await MCPStore.setupStore({ redis, fallback: "error" });
    try {
      // A remote service on a closed port: every update reconnects, and failing fast keeps that cheap.
      await parent.forStore().addService({ mcpServers: { shared: { url: "http://127.0.0.1:9/mcp" } } });
      const workers = ["A", "B"].map((field) =>
        runWorker("./update-loop.ts", [JSON.stringify(redis), field, String(ROUNDS)]),
      );
      await Promise.all(workers.map((w) => w.message((m) => m.ready === true)));

      for (const w of workers) w.child.send({ cmd: "go" });
      // The parent is the third writer, racing the two child processes.
      for (let i = 0; i < ROUNDS; i++) {
        await parent.forStore().updateService("shared", { headers: { "X-C": String(i), "X-Last": `C${i}` } });
      }
      await Promise.all(workers.map((w) => w.message((m) => m.done === true)));

      const final = 1 + 3 * ROUNDS; // every update changed the config: none was lost
      const tag = topology.name === "cluster" ? `{${redis.namespace}:ws}` : `${redis.namespace}:ws`;
      const stored = await parent.storage.getVersioned(`${tag}:services:shared:config`);
      expect(stored?.version).toBe(final);
      const headers = JSON.parse(stored!.value).definition.headers as Record<string, string>;
      const last = String(ROUNDS - 1);
      // Per field, the last write of each writer survives; the field they all wrote holds one of theirs.
      expect({ A: headers["X-A"], B: headers["X-B"], C: headers["X-C"] }).toEqual({
        A: last,
        B: last,
        C: last,
      });
      expect([`A${last}`, `B${last}`, `C${last}`]).toContain(headers["X-Last"]);

      for (const w of workers) w.child.send({ cmd: "report", version: final });
      const reports = await Promise.all(
        workers.map((w) =>
          w.message<{ version: number; headers: Record<string, string> }>((m) => m.report === true),
        ),
      );
      await waitFor(async () => (await parent.forStore().getService("shared")).version === final, {
        description: "the parent at the final version",
      });
      const mine = await parent.forStore().getService("shared");
      // Everyone holds the final version (header values are redacted in listings; the version pins the document).
      for (const r of [
        ...reports,
        { version: mine.version, headers: mine.config.headers as Record<string, string> },
      ]) {
        expect(r.version).toBe(final);
        expect(Object.keys(r.headers).sort()).toEqual(["X-A", "X-B", "X-C", "X-Last"]);
      }
      expect(toMcpServersEntry(JSON.parse(stored!.value).definition)).toMatchObject({
        url: "http://127.0.0.1:9/mcp",
      });
      await Promise.all(workers.map((w) => w.exited));
    } finally {
      await parent
        .forStore()
        .removeService("shared")
        .catch(() => {});
      await parent.close();
    }
  });
});

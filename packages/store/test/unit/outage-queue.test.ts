import { createKeyspace } from "@mcpstore/keyspace";
import { parseServiceDefinitions } from "@mcpstore/mcp-client";
import { DEFAULT_EVENT_LOG_MAX_LEN, MemoryAdapter, StorageUnavailableError } from "@mcpstore/storage";
import { describe, expect, it } from "vitest";
import type { Logger } from "../../src/logger.js";
import { mergeServicePatch } from "../../src/store-context.js";
import type { Intent, Outcome } from "../../src/sync/intents.js";
import { OutageQueue } from "../../src/sync/outage-queue.js";
import { ServiceWriter } from "../../src/sync/service-writer.js";

const silent: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
const def = (cfg: Record<string, unknown>) => parseServiceDefinitions({ mcpServers: { svc: cfg } })[0]!;

function writer(storage: MemoryAdapter, instanceId: string) {
  return new ServiceWriter(storage, {
    keyspace: createKeyspace({ namespace: "q", dataspace: "ws" }),
    instanceId,
    leaseMs: undefined,
    eventLogMaxLen: DEFAULT_EVENT_LOG_MAX_LEN,
    toolKeysOf: () => [],
    tombstoneTtlMs: 86_400_000,
    now: Date.now,
  });
}

const patch = (headers: Record<string, string>): Intent => ({
  kind: "patch",
  name: "svc",
  apply: (current) =>
    def(
      mergeServicePatch(
        {
          url: "http://h/mcp",
          headers: current.definition.type === "remote" ? current.definition.headers : {},
        },
        { headers },
      ),
    ),
});

describe("OutageQueue", () => {
  it("replays a queued update on top of a newer document, keeping both changes", async () => {
    const storage = new MemoryAdapter();
    const mine = writer(storage, "me");
    const theirs = writer(storage, "them");
    const put: Intent = {
      kind: "put",
      name: "svc",
      localName: "svc",
      owner: { kind: "store" },
      definition: def({ url: "http://h/mcp" }),
      ifExists: "replace",
    };
    await mine.commit([put], () => undefined);

    const queue = new OutageQueue(10, silent);
    const committed: Outcome[][] = [];
    queue.push([patch({ "X-Mine": "1" })], (o) => committed.push(o));
    // Meanwhile another instance changed another field.
    await theirs.commit([patch({ "X-Theirs": "1" })], () => undefined);

    await queue.drain((intents) => mine.commit(intents, () => undefined));
    expect(queue.size).toBe(0);
    expect(committed[0]?.[0]).toMatchObject({ kind: "written", version: 3 });
    const stored = await storage.getVersioned("q:ws:services:svc:config");
    expect(JSON.parse(stored!.value).definition.headers).toEqual({ "X-Mine": "1", "X-Theirs": "1" });
  });

  it("stops at the first write that still cannot reach storage and keeps it first in line", async () => {
    const queue = new OutageQueue(10, silent);
    const order: string[] = [];
    queue.push([{ kind: "remove", name: "a" }], () => order.push("a"));
    queue.push([{ kind: "remove", name: "b" }], () => order.push("b"));
    let down = true;
    const commit = async (intents: readonly Intent[]): Promise<Outcome[]> => {
      if (down) throw new StorageUnavailableError("still down");
      return intents.map((i) => ({ kind: "absent", name: i.name }));
    };
    await queue.drain(commit);
    expect(queue.size).toBe(2);
    down = false;
    await queue.drain(commit);
    expect(order).toEqual(["a", "b"]);
  });

  it("replays many queued changes in a few batches (distinct services together), in order", async () => {
    const queue = new OutageQueue(10_000, silent);
    const order: string[] = [];
    for (let i = 0; i < 1000; i++)
      queue.push([{ kind: "remove", name: `s${i % 600}` }], () => order.push(`s${i % 600}`));
    const batches: string[][] = [];
    const emptied = await queue.drain(async (intents) => {
      batches.push(intents.map((i) => i.name));
      return intents.map((i) => ({ kind: "absent", name: i.name }));
    });
    expect(emptied).toBe(true);
    expect(order).toEqual(Array.from({ length: 1000 }, (_, i) => `s${i % 600}`));
    // 1000 changes in batches of at most 200, never the same service twice in one batch.
    expect(batches.length).toBeLessThanOrEqual(6);
    for (const batch of batches) expect(new Set(batch).size).toBe(batch.length);
  });

  it("a change storage refuses for itself is dropped alone; the others of its batch are written", async () => {
    const errors: string[] = [];
    const queue = new OutageQueue(10, { ...silent, error: (m) => errors.push(m) });
    const written: string[] = [];
    for (const name of ["a", "bad", "c"]) queue.push([{ kind: "remove", name }], () => written.push(name));
    await queue.drain(async (intents) => {
      if (intents.some((i) => i.name === "bad")) throw new Error("WRONGTYPE");
      return intents.map((i) => ({ kind: "absent", name: i.name }));
    });
    expect(written).toEqual(["a", "c"]);
    expect(errors).toHaveLength(1);
    expect(queue.size).toBe(0);
  });

  it("refuses what does not fit, and drops (reporting) a write storage rejects for good", async () => {
    const errors: string[] = [];
    const queue = new OutageQueue(2, { ...silent, error: (m) => errors.push(m) });
    queue.push(
      [
        { kind: "remove", name: "a" },
        { kind: "remove", name: "b" },
      ],
      () => {},
    );
    expect(() => queue.push([{ kind: "remove", name: "c" }], () => {})).toThrow(
      expect.objectContaining({ code: "STORAGE_QUEUE_FULL" }),
    );
    await queue.drain(async () => {
      throw new Error("WRONGTYPE");
    });
    expect(queue.size).toBe(0);
    expect(errors).toHaveLength(1);
  });
});

describe("mergeServicePatch", () => {
  it("replaces fields, merges env and headers by key, and removes with null", () => {
    expect(
      mergeServicePatch(
        { command: "npx", args: ["a"], env: { A: "1", B: "2" }, cwd: "/x" },
        { args: ["b"], env: { B: null, C: "3" }, cwd: null },
      ),
    ).toEqual({ command: "npx", args: ["b"], env: { A: "1", C: "3" } });
  });

  it("switches kind wholesale when given url for a local service (or command for a remote one)", () => {
    expect(mergeServicePatch({ command: "npx", args: ["a"] }, { url: "http://h/mcp" })).toEqual({
      url: "http://h/mcp",
    });
    expect(mergeServicePatch({ url: "http://h/mcp", headers: { A: "1" } }, { command: "node" })).toEqual({
      command: "node",
    });
  });
});

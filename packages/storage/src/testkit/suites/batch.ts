import type { WriteOp } from "../../adapter.js";
import type { Define } from "../context.js";
import { codeOf, rejection } from "../helpers.js";

export function batchTests(it: Define): void {
  it("applies every kind of op in order and returns versions and event ids", async ({
    adapter,
    key,
    expect,
  }) => {
    const [doc, gone, hash, config, log] = [
      key("doc"),
      key("gone"),
      key("hash"),
      key("config"),
      key("events"),
    ];
    await adapter.set(gone, "x");
    await adapter.hset(hash, { old: "1", keep: "k" });
    const result = await adapter.batch([
      { op: "set", key: doc, value: "d" },
      { op: "delete", key: gone },
      { op: "hset", key: hash, fields: { a: "1" } },
      { op: "hdel", key: hash, fields: ["old"] },
      { op: "hincrby", key: hash, field: "n", by: 5 },
      { op: "hincrby", key: hash, field: "n", by: 2 },
      { op: "putVersioned", key: config, value: "c", expectedVersion: null },
      { op: "append", key: log, payload: "first" },
      { op: "append", key: log, payload: "second" },
      { op: "expire", key: doc, ttlMs: 600_000 },
    ]);
    if (!result.ok) throw new Error(`batch failed: ${JSON.stringify(result)}`);
    expect(result.versions).toEqual({ [config]: 1 });
    expect(result.eventIds.length).toBe(2);
    expect(await adapter.get(doc)).toBe("d");
    expect(await adapter.get(gone)).toBe(null);
    expect(await adapter.hgetall(hash)).toEqual({ keep: "k", a: "1", n: "7" });
    expect(await adapter.getVersioned(config)).toEqual({ value: "c", version: 1 });
    expect(await adapter.readEvents(log, "0-0")).toEqual([
      { id: result.eventIds[0], payload: "first" },
      { id: result.eventIds[1], payload: "second" },
    ]);
  });

  it("a failed condition applies nothing at all", async ({ adapter, key, expect }) => {
    const [doc, hash, config, other, log] = [
      key("doc"),
      key("hash"),
      key("config"),
      key("other"),
      key("events"),
    ];
    await adapter.batch([{ op: "putVersioned", key: config, value: "v1" }]);
    const result = await adapter.batch([
      { op: "set", key: doc, value: "d" },
      { op: "hincrby", key: hash, field: "n", by: 1 },
      { op: "putVersioned", key: other, value: "o", expectedVersion: null },
      { op: "append", key: log, payload: "e" },
      { op: "putVersioned", key: config, value: "v2", expectedVersion: 5 },
    ]);
    expect(result.ok).toBe(false);
    expect(await adapter.get(doc)).toBe(null);
    expect(await adapter.hgetall(hash)).toEqual({});
    expect(await adapter.getVersioned(other)).toBe(null);
    expect(await adapter.readEvents(log, "0-0")).toEqual([]);
    expect(await adapter.getVersioned(config)).toEqual({ value: "v1", version: 1 });
  });

  it("an op on a key of the wrong kind rejects before anything is applied", async ({
    adapter,
    key,
    expect,
  }) => {
    const [doc, text, hash] = [key("doc"), key("text"), key("hash")];
    await adapter.set(text, "not a hash");
    await adapter.hset(hash, { label: "x" });
    const cases: WriteOp[][] = [
      [
        { op: "set", key: doc, value: "d" },
        { op: "hincrby", key: text, field: "n", by: 1 },
      ],
      [
        { op: "set", key: doc, value: "d" },
        { op: "hincrby", key: hash, field: "label", by: 1 },
      ],
      [
        { op: "set", key: doc, value: "d" },
        { op: "append", key: hash, payload: "e" },
      ],
      [
        { op: "hset", key: doc, fields: { a: "1" } },
        { op: "set", key: doc, value: "then a document" },
        { op: "hset", key: doc, fields: { b: "2" } },
      ],
    ];
    for (const ops of cases) {
      expect(codeOf(await rejection(adapter.batch(ops)))).toBe("STORAGE_WRONG_TYPE");
      expect(await adapter.delete(doc)).toBe(0);
    }
    expect(await adapter.get(text)).toBe("not a hash");
    expect(await adapter.hgetall(hash)).toEqual({ label: "x" });
  });

  it("the rehearsal follows the batch's own writes", async ({ adapter, key, expect }) => {
    const [k, log] = [key("k"), key("log")];
    await adapter.set(k, "a document");
    const result = await adapter.batch([
      { op: "delete", key: k },
      { op: "hincrby", key: k, field: "n", by: 1 },
      { op: "hset", key: k, fields: { m: "10" } },
      { op: "hincrby", key: k, field: "m", by: 1 },
      { op: "append", key: log, payload: "x" },
    ]);
    expect(result.ok).toBe(true);
    expect(await adapter.hgetall(k)).toEqual({ n: "1", m: "11" });
  });

  it("rejects invalid ops with STORAGE_INVALID_ARGUMENT and applies nothing", async ({
    adapter,
    key,
    expect,
  }) => {
    const [doc, config] = [key("doc"), key("config")];
    const bad: unknown[][] = [
      [
        { op: "set", key: doc, value: "d" },
        { op: "nope", key: doc },
      ],
      [
        { op: "set", key: doc, value: "d" },
        { op: "set", key: doc, value: "d", ttlMs: 0 },
      ],
      [
        { op: "set", key: doc, value: "d" },
        { op: "hincrby", key: doc, field: "n", by: 0.5 },
      ],
      [
        { op: "set", key: doc, value: "d" },
        { op: "putVersioned", key: config, value: "v", expectedVersion: -1 },
      ],
      [
        { op: "putVersioned", key: config, value: "a" },
        { op: "putVersioned", key: config, value: "b" },
      ],
      [{ op: "set", key: "", value: "d" }],
      [{ op: "append", key: doc, payload: "e", maxLen: 0 }],
    ];
    for (const ops of bad) {
      expect(codeOf(await rejection(adapter.batch(ops as never)))).toBe("STORAGE_INVALID_ARGUMENT");
    }
    expect(await adapter.get(doc)).toBe(null);
    expect(await adapter.getVersioned(config)).toBe(null);
    expect(await adapter.batch([])).toEqual({ ok: true, versions: {}, eventIds: [] });
  });

  it("keys of different Cluster slots are refused in Cluster and atomic elsewhere", async ({
    adapter,
    taggedKey,
    expect,
  }) => {
    const [a, b] = [taggedKey("slot-a", "x"), taggedKey("slot-b", "y")];
    const attempt = adapter.batch([
      { op: "set", key: a, value: "1" },
      { op: "set", key: b, value: "2" },
    ]);
    if (adapter.capabilities.cluster) {
      expect(codeOf(await rejection(attempt))).toBe("STORAGE_CROSS_SLOT");
      expect(await adapter.getMany([a])).toEqual([null]);
    } else {
      expect((await attempt).ok).toBe(true);
      expect(await adapter.get(b)).toBe("2");
    }
  });
}

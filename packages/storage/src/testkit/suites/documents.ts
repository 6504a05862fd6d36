import type { Define } from "../context.js";
import { codeOf, eventually, rejection } from "../helpers.js";

export function documentTests(it: Define): void {
  it("get returns what set stored, and null for a missing key", async ({ adapter, key, expect }) => {
    const k = key("doc");
    expect(await adapter.get(k)).toBe(null);
    await adapter.set(k, "héllo {world}\n");
    expect(await adapter.get(k)).toBe("héllo {world}\n");
    await adapter.set(k, "");
    expect(await adapter.get(k)).toBe("");
  });

  it("getMany keeps the order of the keys and gives null for absent ones", async ({
    adapter,
    key,
    expect,
  }) => {
    const [a, b, c] = [key("a"), key("b"), key("c")];
    await adapter.set(a, "A");
    await adapter.set(c, "C");
    expect(await adapter.getMany([c, b, a, c])).toEqual(["C", null, "A", "C"]);
    expect(await adapter.getMany([])).toEqual([]);
  });

  it("setMany writes every entry, each with its own TTL", async ({ adapter, key, expect }) => {
    const keys = Array.from({ length: 50 }, (_, i) => key(`m${i}`));
    const short = key("short");
    await adapter.setMany([
      ...keys.map((k, i) => ({ key: k, value: `v${i}` })),
      { key: short, value: "s", ttlMs: 40 },
    ]);
    expect(await adapter.getMany(keys)).toEqual(keys.map((_, i) => `v${i}`));
    await eventually("the entry with a TTL expired", async () => (await adapter.get(short)) === null);
    expect(await adapter.get(keys[49]!)).toBe("v49");
    await adapter.setMany([]);
  });

  it("delete says how many keys existed, for every kind of key", async ({ adapter, key, expect }) => {
    const [doc, hash, log, versioned, missing] = [key("d"), key("h"), key("l"), key("v"), key("x")];
    await adapter.set(doc, "1");
    await adapter.hset(hash, { f: "1" });
    await adapter.batch([
      { op: "append", key: log, payload: "e" },
      { op: "putVersioned", key: versioned, value: "v" },
    ]);
    expect(await adapter.delete(doc, hash, log, versioned, missing)).toBe(4);
    expect(await adapter.delete(doc)).toBe(0);
    expect(await adapter.delete()).toBe(0);
    expect(await adapter.getMany([doc])).toEqual([null]);
    expect(await adapter.hgetall(hash)).toEqual({});
    expect(await adapter.getVersioned(versioned)).toBe(null);
  });

  it("a document with a TTL expires; set without a TTL removes an earlier one", async ({
    adapter,
    key,
    expect,
  }) => {
    const [expiring, kept] = [key("expiring"), key("kept")];
    await adapter.set(expiring, "x", { ttlMs: 40 });
    await adapter.set(kept, "y", { ttlMs: 40 });
    await adapter.set(kept, "y2");
    await eventually("the document with a TTL expired", async () => (await adapter.get(expiring)) === null);
    expect(await adapter.get(kept)).toBe("y2");
  });

  it("expire sets a TTL on existing keys of any kind and counts them", async ({ adapter, key, expect }) => {
    const [doc, hash, missing] = [key("d"), key("h"), key("missing")];
    await adapter.set(doc, "1");
    await adapter.hset(hash, { f: "1" });
    expect(await adapter.expire([doc, hash, missing], 40)).toBe(2);
    await eventually("both keys expired", async () => (await adapter.get(doc)) === null);
    await eventually("the hash expired", async () => Object.keys(await adapter.hgetall(hash)).length === 0);
    expect(await adapter.get(missing)).toBe(null);
  });

  it("a long TTL keeps the document readable", async ({ adapter, key, expect }) => {
    const k = key("long");
    await adapter.set(k, "v", { ttlMs: 600_000 });
    expect(await adapter.get(k)).toBe("v");
    expect(await adapter.expire([k], 600_000)).toBe(1);
    expect(await adapter.get(k)).toBe("v");
  });

  it("rejects a bad TTL or value with STORAGE_INVALID_ARGUMENT and writes nothing", async ({
    adapter,
    key,
    expect,
  }) => {
    const k = key("bad");
    for (const ttlMs of [0, -5, 1.5, Number.NaN]) {
      expect(codeOf(await rejection(adapter.set(k, "v", { ttlMs })))).toBe("STORAGE_INVALID_ARGUMENT");
    }
    expect(codeOf(await rejection(adapter.set(k, 42 as unknown as string)))).toBe("STORAGE_INVALID_ARGUMENT");
    expect(
      codeOf(
        await rejection(
          adapter.setMany([
            { key: k, value: "ok" },
            { key: k, value: "v", ttlMs: -1 },
          ]),
        ),
      ),
    ).toBe("STORAGE_INVALID_ARGUMENT");
    expect(codeOf(await rejection(adapter.expire([k], 0)))).toBe("STORAGE_INVALID_ARGUMENT");
    expect(codeOf(await rejection(adapter.get("")))).toBe("STORAGE_INVALID_ARGUMENT");
    expect(await adapter.get(k)).toBe(null);
  });

  it("reading a hash as a document rejects with STORAGE_WRONG_TYPE; getMany gives null", async ({
    adapter,
    key,
    expect,
  }) => {
    const h = key("h");
    await adapter.hset(h, { f: "1" });
    expect(codeOf(await rejection(adapter.get(h)))).toBe("STORAGE_WRONG_TYPE");
    expect(await adapter.getMany([h])).toEqual([null]);
    await adapter.set(h, "now a document");
    expect(await adapter.get(h)).toBe("now a document");
  });
}

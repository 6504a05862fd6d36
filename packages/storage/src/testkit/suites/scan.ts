import type { Define } from "../context.js";
import { eventually } from "../helpers.js";

export function scanTests(it: Define): void {
  it("scanPrefix finds every key under a prefix, of every kind, and nothing else", async ({
    adapter,
    taggedKey,
    taggedPrefix,
    expect,
  }) => {
    // Thirty hash tags spread the keys over every master of a Cluster.
    const docs = Array.from({ length: 30 }, (_, i) => taggedKey(`s${i}`, "doc"));
    const [hash, log, versioned] = [taggedKey("h", "hash"), taggedKey("l", "log"), taggedKey("v", "config")];
    const outside = taggedKey("s0", "doc").replace(taggedPrefix, `${taggedPrefix.slice(0, -1)}-other:`);
    await adapter.setMany(docs.map((key) => ({ key, value: "1" })));
    await adapter.set(outside, "not mine");
    await adapter.hset(hash, { a: "1" });
    await adapter.batch([{ op: "append", key: log, payload: "e" }]);
    await adapter.batch([{ op: "putVersioned", key: versioned, value: "v" }]);
    const found = await adapter.scanPrefix(taggedPrefix);
    expect([...found].sort()).toEqual([...docs, hash, log, versioned].sort());
    await adapter.delete(outside);
  });

  it("scanPrefix treats glob characters in the prefix literally", async ({
    adapter,
    taggedKey,
    taggedPrefix,
    expect,
  }) => {
    const literal = taggedKey("g", "a*b?[c]\\d");
    const lookalike = taggedKey("g", "aXbY[c]\\d");
    await adapter.set(literal, "1");
    await adapter.set(lookalike, "2");
    expect(await adapter.scanPrefix(`${taggedPrefix}{g}:a*b?[c]\\`)).toEqual([literal]);
    expect(await adapter.scanPrefix(`${taggedPrefix}{nothing-here}`)).toEqual([]);
  });

  it("scanPrefix leaves out expired keys", async ({ adapter, taggedKey, taggedPrefix, expect }) => {
    const [kept, expiring] = [taggedKey("e", "kept"), taggedKey("e", "expiring")];
    await adapter.set(kept, "1");
    await adapter.set(expiring, "2", { ttlMs: 40 });
    await eventually("the key with a TTL expired", async () => (await adapter.get(expiring)) === null);
    expect(await adapter.scanPrefix(taggedPrefix)).toEqual([kept]);
  });
}

import type { Define } from "../context.js";
import { codeOf, eventually, rejection } from "../helpers.js";

export function hashTests(it: Define): void {
  it("hset merges fields, hgetall returns them all, a missing hash is {}", async ({
    adapter,
    key,
    expect,
  }) => {
    const h = key("h");
    expect(await adapter.hgetall(h)).toEqual({});
    await adapter.hset(h, { a: "1", b: "2" });
    await adapter.hset(h, { b: "3", "c:d {e}": "4" });
    expect(await adapter.hgetall(h)).toEqual({ a: "1", b: "3", "c:d {e}": "4" });
    await adapter.hset(h, {});
    expect(await adapter.hgetall(h)).toEqual({ a: "1", b: "3", "c:d {e}": "4" });
  });

  it("hdel counts removed fields and drops the hash when it empties", async ({ adapter, key, expect }) => {
    const h = key("h");
    await adapter.hset(h, { a: "1", b: "2" });
    expect(await adapter.hdel(h, ["a", "zz"])).toBe(1);
    expect(await adapter.hgetall(h)).toEqual({ b: "2" });
    expect(await adapter.hdel(h, ["b"])).toBe(1);
    expect(await adapter.delete(h)).toBe(0);
    expect(await adapter.hdel(h, ["b"])).toBe(0);
  });

  it("hincrby starts at 0, adds and subtracts, and returns the new value", async ({
    adapter,
    key,
    expect,
  }) => {
    const h = key("stats");
    expect(await adapter.hincrby(h, "calls", 1)).toBe(1);
    expect(await adapter.hincrby(h, "calls", 41)).toBe(42);
    expect(await adapter.hincrby(h, "calls", -2)).toBe(40);
    expect(await adapter.hincrby(h, "errors", 0)).toBe(0);
    expect(await adapter.hgetall(h)).toEqual({ calls: "40", errors: "0" });
  });

  it("hincrby is atomic under concurrency", async ({ adapter, another, key, expect }) => {
    const h = key("counter");
    // Two clients of one backend when it is shared; otherwise concurrent calls on one adapter.
    const clients = adapter.capabilities.shared ? [adapter, await another()] : [adapter];
    await Promise.all(Array.from({ length: 60 }, (_, i) => clients[i % clients.length]!.hincrby(h, "n", 1)));
    expect(await adapter.hgetall(h)).toEqual({ n: "60" });
  });

  it("hincrby on a field that is not a whole number rejects with STORAGE_WRONG_TYPE", async ({
    adapter,
    key,
    expect,
  }) => {
    const h = key("h");
    await adapter.hset(h, { name: "weather", float: "1.5" });
    expect(codeOf(await rejection(adapter.hincrby(h, "name", 1)))).toBe("STORAGE_WRONG_TYPE");
    expect(codeOf(await rejection(adapter.hincrby(h, "float", 1)))).toBe("STORAGE_WRONG_TYPE");
    expect(codeOf(await rejection(adapter.hincrby(h, "n", 1.5)))).toBe("STORAGE_INVALID_ARGUMENT");
    expect(await adapter.hgetall(h)).toEqual({ name: "weather", float: "1.5" });
  });

  it("hash writes keep the key's TTL", async ({ adapter, key }) => {
    const h = key("h");
    await adapter.hset(h, { a: "1" });
    await adapter.expire([h], 40);
    await adapter.hset(h, { b: "2" });
    await adapter.hincrby(h, "c", 1);
    await eventually(
      "the hash expired despite later writes",
      async () => Object.keys(await adapter.hgetall(h)).length === 0,
    );
  });

  it("hash operations on a document reject with STORAGE_WRONG_TYPE", async ({ adapter, key, expect }) => {
    const d = key("d");
    await adapter.set(d, "text");
    expect(codeOf(await rejection(adapter.hgetall(d)))).toBe("STORAGE_WRONG_TYPE");
    expect(codeOf(await rejection(adapter.hset(d, { a: "1" })))).toBe("STORAGE_WRONG_TYPE");
    expect(codeOf(await rejection(adapter.hincrby(d, "a", 1)))).toBe("STORAGE_WRONG_TYPE");
    expect(await adapter.get(d)).toBe("text");
  });
}

import { describe, expect, it } from "vitest";
import { LOG_START, MemoryAdapter, MemoryDatabase } from "../src/index.js";
import { eventually } from "../src/testkit/index.js";

describe("MemoryAdapter over a shared MemoryDatabase", () => {
  it("two adapters see each other's writes", async () => {
    const database = new MemoryDatabase();
    const a = new MemoryAdapter({ database });
    const b = new MemoryAdapter({ database });
    await a.set("k", "from a");
    expect(await b.get("k")).toBe("from a");
    await Promise.all([a.close(), b.close()]);
  });

  it("a blocking read on one wakes on an append through the other", async () => {
    const database = new MemoryDatabase();
    const reader = new MemoryAdapter({ database });
    const writer = new MemoryAdapter({ database });
    const read = reader.readEvents("log", LOG_START, { blockMs: 20_000 });
    await writer.batch([{ op: "append", key: "log", payload: "hello" }]);
    expect((await read).map((e) => e.payload)).toEqual(["hello"]);
    await Promise.all([reader.close(), writer.close()]);
  });

  it("closing one adapter leaves the data and the other adapter's blocked reads alone", async () => {
    const database = new MemoryDatabase();
    const a = new MemoryAdapter({ database });
    const b = new MemoryAdapter({ database });
    await a.set("k", "kept");
    const read = b.readEvents("log", LOG_START, { blockMs: 20_000 });
    await a.close();
    expect(await b.get("k")).toBe("kept");
    await b.batch([{ op: "append", key: "log", payload: "still listening" }]);
    expect((await read).map((e) => e.payload)).toEqual(["still listening"]);
    await b.close();
  });
});

describe("MemoryDatabase expiry", () => {
  it("sweeps expired keys that nobody reads", async () => {
    const database = new MemoryDatabase({ sweepIntervalMs: 10 });
    const adapter = new MemoryAdapter({ database });
    await adapter.setMany(Array.from({ length: 100 }, (_, i) => ({ key: `k${i}`, value: "v", ttlMs: 20 })));
    await adapter.set("forever", "v");
    expect(database.size).toBe(101);
    await eventually("the sweeper removed the expired keys", async () => database.size === 1);
    await adapter.close();
  });

  it("an adapter with its own database drops it on close", async () => {
    const adapter = new MemoryAdapter();
    await adapter.set("k", "v");
    await adapter.close();
    const fresh = new MemoryAdapter();
    expect(await fresh.get("k")).toBe(null);
    await fresh.close();
  });
});

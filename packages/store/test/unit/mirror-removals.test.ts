import { describe, expect, it } from "vitest";
import { Mirror } from "../../src/sync/mirror.js";
import type { ConfigDocument } from "../../src/sync/records.js";

const doc = (name: string): ConfigDocument => ({
  name,
  localName: name,
  owner: { kind: "store" },
  definition: {
    name,
    type: "remote",
    url: "http://127.0.0.1:9/mcp",
    transport: "streamable-http",
    headers: {},
  },
  updatedAt: 0,
  updatedBy: "test",
});

// Issue 9, item 7: every instance remembered removals forever (memory grew with every removed name,
// and a removal outlived its marker in storage).
describe("the mirror's memory of removals", () => {
  it("lasts as long as the removal marker's TTL, then is forgotten", () => {
    let now = 1_000_000;
    const mirror = new Mirror(60_000, () => now);
    mirror.applyPut(doc("a"), 4);
    expect(mirror.applyRemove("a", 5)).toMatchObject({ kind: "removed", version: 5 });
    // A replayed older put cannot bring it back while the removal is remembered.
    expect(mirror.applyPut(doc("a"), 4)).toEqual({ kind: "ignored" });
    expect(mirror.knownVersion("a")).toBe(5);
    now += 59_999;
    expect(mirror.knownVersion("a")).toBe(5);
    now += 1;
    expect(mirror.knownVersion("a")).toBe(0);

    for (let i = 0; i < 100; i++) mirror.applyRemove(`gone${i}`, 1);
    expect(mirror.removalsKept).toBe(100);
    now += 60_000;
    mirror.applyRemove("last", 1);
    expect(mirror.removalsKept).toBe(1);
  });
});

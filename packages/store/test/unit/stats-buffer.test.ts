import { describe, expect, it } from "vitest";
import { addCounters, parseCounters, StatsBuffer } from "../../src/stats/stats-buffer.js";

describe("StatsBuffer", () => {
  it("counts calls, errors and time per tool and drains whole milliseconds, keeping the remainder", () => {
    const b = new StatsBuffer();
    b.record("a", 0.4, false, 100);
    b.record("a", 0.4, true, 200);
    b.record("a", 0.4, false, 150);
    b.record("b", 2.5, false, 50);
    const first = b.drain();
    expect(first).toEqual([
      { tool: "a", calls: 3, errors: 1, totalMs: 1, lastCalledAt: 200 },
      { tool: "b", calls: 1, errors: 0, totalMs: 2, lastCalledAt: 50 },
    ]);
    // 0.2 ms of "a" and 0.5 of "b" remain; one more fast call of "a" tips it over a millisecond.
    b.record("a", 0.9, false, 300);
    const second = b.drain();
    expect(second.find((d) => d.tool === "a")).toEqual({
      tool: "a",
      calls: 1,
      errors: 0,
      totalMs: 1,
      lastCalledAt: 300,
    });
  });

  it("restores a failed flush so nothing is lost, merged with newer counts", () => {
    const b = new StatsBuffer();
    b.record("a", 3, false, 10);
    const drained = b.drain();
    b.record("a", 2, true, 20);
    b.restore(drained);
    expect(b.drain()).toEqual([{ tool: "a", calls: 2, errors: 1, totalMs: 5, lastCalledAt: 20 }]);
    expect(b.size).toBe(0);
  });

  it("parses stored hashes leniently and adds counters", () => {
    const stored = parseCounters({ calls: "4", errors: "1", totalMs: "12", lastCalledAt: "99", junk: "x" });
    expect(stored).toEqual({ calls: 4, errors: 1, totalMs: 12, lastCalledAt: 99 });
    expect(parseCounters({ calls: "NaN" }).calls).toBe(0);
    expect(addCounters(stored, { calls: 1, errors: 0, totalMs: 3, lastCalledAt: 50 })).toEqual({
      calls: 5,
      errors: 1,
      totalMs: 15,
      lastCalledAt: 99,
    });
  });
});

import { describe, expect, it } from "vitest";
import { autoDataspaceCreatedAt, isAutoDataspaceId, newAutoDataspaceId } from "../src/index.js";

describe("auto dataspace ids", () => {
  it("are short and carry their creation time", () => {
    const now = Date.UTC(2025, 5, 1, 12, 0, 0);
    const id = newAutoDataspaceId(now + 10_000);
    expect(id).toHaveLength(21);
    expect(isAutoDataspaceId(id)).toBe(true);
    expect(autoDataspaceCreatedAt(id)?.getTime()).toBe(now + 10_000);
    expect(autoDataspaceCreatedAt("workspace1")).toBeNull();
  });

  it("are unique and sort in creation order, even within one millisecond", () => {
    const ids = Array.from({ length: 20_000 }, () => newAutoDataspaceId());
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it("sort by time across years", () => {
    const times = [Date.UTC(2030, 0, 1), Date.UTC(2100, 0, 1), Date.UTC(3000, 0, 1)];
    const ids = times.map((t) => newAutoDataspaceId(t));
    expect([...ids].sort()).toEqual(ids);
  });

  it("keep increasing when the clock steps back", () => {
    const later = newAutoDataspaceId(Date.UTC(3001, 0, 1));
    const earlierClock = newAutoDataspaceId(Date.UTC(2001, 0, 1));
    expect(earlierClock > later).toBe(true);
  });
});

import { describe, expect, it } from "vitest";
import { backoffDelay } from "../src/connection/backoff.js";
import { LineReader } from "../src/connection/line-reader.js";
import { collectPages } from "../src/connection/paginate.js";
import { TailBuffer } from "../src/connection/tail-buffer.js";

describe("backoffDelay (full jitter)", () => {
  it("picks uniformly below min(cap, base·2^attempt)", () => {
    expect([0, 1, 2, 3, 10].map((a) => backoffDelay(a, 500, 30_000, () => 0.999999))).toEqual([
      499, 999, 1999, 3999, 29_999,
    ]);
    expect(backoffDelay(4, 500, 30_000, () => 0)).toBe(0);
    expect(backoffDelay(2, 500, 30_000, () => 0.5)).toBe(1000);
    expect(backoffDelay(5000, 500, 30_000, () => 0.5)).toBe(15_000);
  });
});

describe("collectPages", () => {
  it("follows nextCursor to the end", async () => {
    const pages: Record<string, { items: number[]; nextCursor?: string }> = {
      start: { items: [1, 2], nextCursor: "b" },
      b: { items: [3], nextCursor: "c" },
      c: { items: [4] },
    };
    const asked: (string | undefined)[] = [];
    const all = await collectPages(async (cursor) => {
      asked.push(cursor);
      return pages[cursor ?? "start"]!;
    });
    expect(all).toEqual([1, 2, 3, 4]);
    expect(asked).toEqual([undefined, "b", "c"]);
  });

  it("refuses a cursor loop", async () => {
    await expect(collectPages(async () => ({ items: [1], nextCursor: "same" }))).rejects.toThrow(/repeated/);
  });
});

describe("TailBuffer", () => {
  it("keeps the last whole lines within its bound", () => {
    const tail = new TailBuffer(20);
    for (let i = 0; i < 100; i++) tail.append(`line ${i}\n`);
    expect(tail.text.length).toBeLessThanOrEqual(20);
    expect(tail.text).toBe("line 98\nline 99\n");
    expect(tail.lastLines(1)).toBe("line 99");
  });
});

describe("LineReader", () => {
  it("splits lines across chunks, strips \\r, and drops an oversized line then resynchronises", () => {
    const reader = new LineReader(10);
    const lines: string[] = [];
    const overflows: number[] = [];
    const push = (s: string) =>
      reader.push(
        Buffer.from(s),
        (l) => lines.push(l),
        (n) => overflows.push(n),
      );
    push("ab");
    push("c\r\nde");
    push("f\n");
    push("0123456789");
    push("ABCDEF");
    push("GH\nok\n");
    expect(lines).toEqual(["abc", "def", "ok"]);
    expect(overflows).toEqual([16]);
  });

  it("keeps multi-byte characters split across chunks intact", () => {
    const reader = new LineReader(1000);
    const lines: string[] = [];
    const bytes = Buffer.from("咖喱炒蟹\n");
    reader.push(
      bytes.subarray(0, 4),
      (l) => lines.push(l),
      () => {},
    );
    reader.push(
      bytes.subarray(4),
      (l) => lines.push(l),
      () => {},
    );
    expect(lines).toEqual(["咖喱炒蟹"]);
  });
});

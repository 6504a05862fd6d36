import { LOG_START } from "../../adapter.js";
import type { Define } from "../context.js";
import { codeOf, rejection } from "../helpers.js";

const parts = (id: string) => id.split("-").map(Number) as [number, number];
const isAfter = (a: string, b: string) => {
  const [am, as] = parts(a);
  const [bm, bs] = parts(b);
  return am > bm || (am === bm && as > bs);
};

export function eventTests(it: Define): void {
  it("appends get increasing ids; reads return entries after an id, oldest first", async ({
    adapter,
    key,
    expect,
  }) => {
    const log = key("events");
    expect(await adapter.lastEventId(log)).toBe(LOG_START);
    expect(await adapter.readEvents(log, LOG_START)).toEqual([]);
    const ops = Array.from({ length: 5 }, (_, i) => ({ op: "append" as const, key: log, payload: `e${i}` }));
    const first = await adapter.batch(ops.slice(0, 3));
    const second = await adapter.batch(ops.slice(3));
    if (!first.ok || !second.ok) throw new Error("appends failed");
    const ids = [...first.eventIds, ...second.eventIds];
    for (let i = 1; i < ids.length; i++) expect(isAfter(ids[i]!, ids[i - 1]!)).toBe(true);
    expect(await adapter.lastEventId(log)).toBe(ids[4]);
    expect(await adapter.readEvents(log, LOG_START)).toEqual(ids.map((id, i) => ({ id, payload: `e${i}` })));
    expect(await adapter.readEvents(log, ids[2]!)).toEqual([
      { id: ids[3], payload: "e3" },
      { id: ids[4], payload: "e4" },
    ]);
    expect(await adapter.readEvents(log, ids[0]!, { count: 2 })).toEqual([
      { id: ids[1], payload: "e1" },
      { id: ids[2], payload: "e2" },
    ]);
    expect(await adapter.readEvents(log, ids[4]!)).toEqual([]);
  });

  it("the log is capped: it keeps the newest maxLen entries and drops old ones", async ({
    adapter,
    key,
    expect,
  }) => {
    const log = key("events");
    const total = 600;
    const result = await adapter.batch(
      Array.from({ length: total }, (_, i) => ({
        op: "append" as const,
        key: log,
        payload: `p${i}`,
        maxLen: 10,
      })),
    );
    if (!result.ok) throw new Error("appends failed");
    const kept = await adapter.readEvents(log, LOG_START);
    expect(kept.length).toBeGreaterThanOrEqual(10);
    expect(kept.length).toBeLessThan(total);
    expect(kept.slice(-10).map((e) => e.payload)).toEqual(
      Array.from({ length: 10 }, (_, i) => `p${total - 10 + i}`),
    );
    expect(await adapter.lastEventId(log)).toBe(result.eventIds[total - 1]);
  });

  it("firstEventId is LOG_START for an empty log, then the oldest entry kept, past the trimmed ones", async ({
    adapter,
    key,
    expect,
  }) => {
    const [log, trimmed] = [key("events"), key("trimmed")];
    expect(await adapter.firstEventId(log)).toBe(LOG_START);
    const appended = await adapter.batch(
      ["a", "b", "c"].map((payload) => ({ op: "append" as const, key: log, payload })),
    );
    if (!appended.ok) throw new Error("appends failed");
    expect(await adapter.firstEventId(log)).toBe(appended.eventIds[0]);
    const more = await adapter.batch([{ op: "append", key: log, payload: "d" }]);
    if (!more.ok) throw new Error("append failed");
    expect(await adapter.firstEventId(log)).toBe(appended.eventIds[0]);

    const total = 600;
    const capped = await adapter.batch(
      Array.from({ length: total }, (_, i) => ({
        op: "append" as const,
        key: trimmed,
        payload: `p${i}`,
        maxLen: 10,
      })),
    );
    if (!capped.ok) throw new Error("appends failed");
    const first = await adapter.firstEventId(trimmed);
    expect(isAfter(first, capped.eventIds[0]!)).toBe(true);
    // The oldest entry kept, exactly: what a read from the start returns first, and the newest maxLen stay.
    expect(first).toBe((await adapter.readEvents(trimmed, LOG_START, { count: 1 }))[0]?.id);
    expect(isAfter(first, capped.eventIds[total - 10]!)).toBe(false);
  });

  it("a blocking read waits for the next append and returns it", async ({ adapter, key, expect }) => {
    const log = key("events");
    const after = await adapter.lastEventId(log);
    const read = adapter.readEvents(log, after, { blockMs: 20_000 });
    const appended = await adapter.batch([{ op: "append", key: log, payload: "wake up" }]);
    if (!appended.ok) throw new Error("append failed");
    expect(await read).toEqual([{ id: appended.eventIds[0], payload: "wake up" }]);
  });

  it("a blocking read with entries already there returns at once", async ({ adapter, key, expect }) => {
    const log = key("events");
    await adapter.batch([{ op: "append", key: log, payload: "already" }]);
    const events = await adapter.readEvents(log, LOG_START, { blockMs: 60_000 });
    expect(events.map((e) => e.payload)).toEqual(["already"]);
  });

  it("a blocking read resolves to [] when nothing comes", async ({ adapter, key, expect }) => {
    expect(await adapter.readEvents(key("quiet"), LOG_START, { blockMs: 50 })).toEqual([]);
  });

  it("a blocking read does not delay other commands of the same adapter", async ({
    adapter,
    key,
    expect,
  }) => {
    const [log, doc] = [key("events"), key("doc")];
    let readDone = false;
    const read = adapter.readEvents(log, LOG_START, { blockMs: 20_000 }).then((events) => {
      readDone = true;
      return events;
    });
    await adapter.set(doc, "during the read");
    expect(await adapter.get(doc)).toBe("during the read");
    expect(await adapter.hincrby(key("h"), "n", 1)).toBe(1);
    expect(readDone).toBe(false);
    await adapter.batch([{ op: "append", key: log, payload: "done" }]);
    expect((await read).map((e) => e.payload)).toEqual(["done"]);
  });

  it("several blocking reads on different logs wait side by side", async ({ adapter, key, expect }) => {
    const logs = [key("l1"), key("l2"), key("l3")];
    const reads = logs.map((log) => adapter.readEvents(log, LOG_START, { blockMs: 20_000 }));
    for (const log of [...logs].reverse()) await adapter.batch([{ op: "append", key: log, payload: log }]);
    expect((await Promise.all(reads)).map((events) => events.map((e) => e.payload))).toEqual(
      logs.map((l) => [l]),
    );
  });

  it("a blocking read wakes on an append from another client when the backend is shared", async ({
    adapter,
    another,
    key,
    expect,
  }) => {
    const log = key("events");
    const writer = await another();
    const read = adapter.readEvents(log, LOG_START, { blockMs: adapter.capabilities.shared ? 20_000 : 200 });
    await writer.batch([{ op: "append", key: log, payload: "from the other client" }]);
    const events = (await read).map((e) => e.payload);
    expect(events).toEqual(adapter.capabilities.shared ? ["from the other client"] : []);
  });

  it("close wakes a blocked reader with STORAGE_CLOSED", async ({ adapter, key, expect }) => {
    const read = adapter.readEvents(key("events"), LOG_START, { blockMs: 30_000 });
    const outcome = rejection(read);
    await adapter.close();
    expect(codeOf(await outcome)).toBe("STORAGE_CLOSED");
  });

  it("rejects bad ids and options with STORAGE_INVALID_ARGUMENT, and a document with STORAGE_WRONG_TYPE", async ({
    adapter,
    key,
    expect,
  }) => {
    const [log, doc] = [key("events"), key("doc")];
    for (const id of ["", "abc", "1", "1-", "-1", "1-2-3", "$"]) {
      expect(codeOf(await rejection(adapter.readEvents(log, id)))).toBe("STORAGE_INVALID_ARGUMENT");
    }
    expect(codeOf(await rejection(adapter.readEvents(log, LOG_START, { count: 0 })))).toBe(
      "STORAGE_INVALID_ARGUMENT",
    );
    expect(codeOf(await rejection(adapter.readEvents(log, LOG_START, { blockMs: -1 })))).toBe(
      "STORAGE_INVALID_ARGUMENT",
    );
    await adapter.set(doc, "text");
    expect(codeOf(await rejection(adapter.readEvents(doc, LOG_START)))).toBe("STORAGE_WRONG_TYPE");
    expect(codeOf(await rejection(adapter.lastEventId(doc)))).toBe("STORAGE_WRONG_TYPE");
    expect(codeOf(await rejection(adapter.firstEventId(doc)))).toBe("STORAGE_WRONG_TYPE");
  });
}

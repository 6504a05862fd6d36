import { describe, expect, it } from "vitest";
import { EventBus, type StoreEvent } from "../../src/events.js";
import { STORE_OWNER } from "../../src/owner.js";

const added = (service: string): StoreEvent => ({
  type: "service.added",
  service,
  localName: service,
  owner: STORE_OWNER,
  remote: false,
  version: 1,
});
const removed = (service: string): StoreEvent => ({
  type: "service.removed",
  service,
  localName: service,
  owner: STORE_OWNER,
  remote: false,
});

describe("EventBus", () => {
  it("delivers by type and to wildcard listeners, and stops after unsubscribe", () => {
    const errors: unknown[] = [];
    const bus = new EventBus((e) => errors.push(e));
    const typed: string[] = [];
    const all: string[] = [];
    const off = bus.on("service.added", (e) => typed.push(e.type));
    bus.on("*", (e) => all.push(e.type));
    bus.emit(added("a"));
    bus.emit(removed("a"));
    off();
    bus.emit(added("b"));
    expect(typed).toEqual(["service.added"]);
    expect(all).toEqual(["service.added", "service.removed", "service.added"]);
    expect(errors).toEqual([]);
  });

  it("isolates a throwing listener", () => {
    const errors: unknown[] = [];
    const bus = new EventBus((e) => errors.push(e));
    const seen: string[] = [];
    bus.on("*", () => {
      throw new Error("bad listener");
    });
    bus.on("*", (e) => seen.push(e.type));
    bus.emit(added("a"));
    expect(seen).toEqual(["service.added"]);
    expect((errors[0] as Error).message).toBe("bad listener");
  });

  it("iterates events asynchronously with a type filter, buffering while the consumer is busy", async () => {
    const bus = new EventBus(() => {});
    const it = bus.stream({ types: ["service.removed"] });
    bus.emit(added("a"));
    bus.emit(removed("a"));
    bus.emit(removed("b"));
    const first = await it.next();
    const second = await it.next();
    expect([first.value, second.value].map((e) => (e as { service: string }).service)).toEqual(["a", "b"]);
    const pending = it.next();
    bus.emit(removed("c"));
    expect(((await pending).value as { service: string }).service).toBe("c");
    await it.return?.();
    expect((await it.next()).done).toBe(true);
  });

  it("ends iteration on abort and on close, after draining what was buffered", async () => {
    const bus = new EventBus(() => {});
    const ac = new AbortController();
    const aborted = bus.stream({ signal: ac.signal });
    const waiting = aborted.next();
    ac.abort();
    expect((await waiting).done).toBe(true);

    const collected: string[] = [];
    const consumer = (async () => {
      for await (const e of bus.stream()) collected.push(e.type);
    })();
    bus.emit(added("x"));
    bus.close();
    await consumer;
    expect(collected).toEqual(["service.added"]);
  });

  it("drops the oldest events beyond the buffer size", async () => {
    const bus = new EventBus(() => {});
    const it = bus.stream({ bufferSize: 2 });
    for (const s of ["a", "b", "c"]) bus.emit(added(s));
    const got = [await it.next(), await it.next()].map((r) => (r.value as { service: string }).service);
    expect(got).toEqual(["b", "c"]);
  });
});

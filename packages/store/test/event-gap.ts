import {
  compareEventIds,
  parseEventId,
  type StorageAdapter,
  StorageUnavailableError,
} from "@mcpstore/storage";
import { waitFor } from "@mcpstore/test-harness";
import { expect } from "vitest";
import type { Logger, MCPStore, StoreEvent } from "../src/index.js";

/**
 * How the follower is kept from reading: `paused` holds its reads until resumed (a slow or stopped
 * process: after resuming it reads full batches), `partitioned` fails them as an unreachable server
 * would (after resuming its first read comes after failures).
 */
export type Stall = "paused" | "partitioned";

/**
 * Wraps an adapter so that only its event-stream reads can be stalled: everything else (snapshots,
 * writes) works, so the instance keeps running while its follower falls behind.
 */
export class StallableReads {
  readonly storage: StorageAdapter;
  #stall: Stall | undefined;
  #release: () => void = () => {};
  #released: Promise<void> = Promise.resolve();
  /** Stream key and position of the first read held or refused since `stall`. */
  stalledAt: { key: string; position: string } | undefined;

  constructor(adapter: StorageAdapter) {
    this.storage = new Proxy(adapter, {
      get: (target, prop) => {
        if (prop === "readEvents") return this.#read(target);
        const value = Reflect.get(target, prop, target) as unknown;
        return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  }

  #read(target: StorageAdapter): StorageAdapter["readEvents"] {
    return async (key, afterId, options) => {
      if (this.#stall) this.stalledAt ??= { key, position: afterId };
      if (this.#stall === "partitioned") throw new StorageUnavailableError("event stream unreachable (test)");
      if (this.#stall === "paused") await this.#released;
      return target.readEvents(key, afterId, options);
    };
  }

  stall(how: Stall): void {
    this.#stall = how;
    this.stalledAt = undefined;
    this.#released = new Promise((resolve) => {
      this.#release = resolve;
    });
  }

  resume(): void {
    this.#stall = undefined;
    this.#release();
  }
}

export function capturingLogger(): { logger: Logger; warnings: string[] } {
  const warnings: string[] = [];
  const logger: Logger = {
    debug: () => {},
    info: () => {},
    warn: (message) => warnings.push(message),
    error: (message) => warnings.push(message),
  };
  return { logger, warnings };
}

// Nothing listens there: services stay registered (and reconnecting) without spawning anything.
const unreachable = (path: string) => ({ url: `http://127.0.0.1:9/${path}` });

const registry = async (store: MCPStore) =>
  (await store.forStore().listServices())
    .map((s) => ({ name: s.name, version: s.version, config: s.config }))
    .sort((x, y) => x.name.localeCompare(y.name));

/**
 * A adds services; B (whose reads go through `reads`) sees them, then stalls. A removes one, updates
 * one, adds one, then writes `filler` more events (adds and removes) so the stream is trimmed past
 * B's position. B resumes: its registry must converge to A's exactly, with the store events a live
 * apply would have emitted.
 */
export async function fallBehindAndCatchUp(
  a: MCPStore,
  b: MCPStore,
  reads: StallableReads,
  how: Stall,
  filler: number,
  warnings: readonly string[],
): Promise<void> {
  await a.forStore().addService({
    mcpServers: { keep: unreachable("keep"), gone: unreachable("gone"), changed: unreachable("changed") },
  });
  await waitFor(async () => (await b.forStore().listServices()).length === 3, {
    description: "B sees the first three services",
  });

  reads.stall(how);
  // A read already waiting when the stall began would still see the first changes: wait for B's next.
  const stalledAt = await waitFor(() => reads.stalledAt, { description: "B's follower is stalled" });
  const seen: StoreEvent[] = [];
  b.on("*", (e) => seen.push(e));

  await a.forStore().removeService("gone");
  await a.forStore().updateService("changed", { url: unreachable("changed-v2").url });
  await a.forStore().addService({ mcpServers: { fresh: unreachable("fresh") } });
  const fillers = Array.from({ length: Math.ceil(filler / 2) }, (_, i) => `filler-${i}`);
  await a.forStore().addService({ mcpServers: Object.fromEntries(fillers.map((n) => [n, unreachable(n)])) });
  for (const name of fillers) await a.forStore().removeService(name);

  // The entry right after B's position is gone: reading on from there would skip changes.
  const oldest = await a.storage.firstEventId(stalledAt.key);
  expect(compareEventIds(parseEventId(oldest), parseEventId(stalledAt.position))).toBeGreaterThan(0);

  const expected = await registry(a);
  expect(expected.map((s) => s.name)).toEqual(["changed", "fresh", "keep"]);
  reads.resume();
  await waitFor(async () => JSON.stringify(await registry(b)) === JSON.stringify(expected), {
    description: "B's registry converges to A's",
  }).catch(() => {});
  expect(await registry(b)).toEqual(expected);
  const remote = seen.flatMap((e) => ("service" in e && e.remote ? [`${e.type} ${e.service}`] : []));
  expect(remote).toEqual(
    expect.arrayContaining(["service.removed gone", "service.updated changed", "service.added fresh"]),
  );
  expect(warnings).toContain("fell behind the event stream by more than its cap; reloading the registry");
}

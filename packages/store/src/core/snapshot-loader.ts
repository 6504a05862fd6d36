import type { Keyspace } from "@mcpstore/keyspace";
import type { StorageAdapter } from "@mcpstore/storage";
import type { Mirror, MirrorChange, MirrorRecord } from "../sync/mirror.js";
import { parseCatalogCache, parseConfigDocument } from "../sync/records.js";
import type { ServiceRuntime } from "./service-runtime.js";

/** What loading a snapshot reads from and applies to. */
export interface SnapshotTarget {
  readonly storage: StorageAdapter;
  readonly keyspace: Keyspace;
  readonly mirror: Mirror;
  readonly runtimes: ReadonlyMap<string, ServiceRuntime>;
  /** Applies a mirror change (connects or drops services, emits events). */
  handle(change: MirrorChange, remote: boolean): void;
  /** Marks the served catalog as changed. */
  bump(): void;
}

/**
 * Reads the registry as it is now and resolves to the stream position from just before the read, to
 * follow from there so no change between the two is missed (replayed ones are ignored by version).
 * - `start`: a new instance; applies what it finds.
 * - `gap`: the follower fell behind further than the stream keeps; besides applying newer versions,
 *   drops services removed meanwhile (their removal events were trimmed).
 * - `reset`: storage lost its data, versions restarted; the snapshot replaces what the mirror believed.
 */
export async function loadSnapshot(target: SnapshotTarget, mode: "start" | "gap" | "reset"): Promise<string> {
  const { storage, keyspace, mirror } = target;
  const reset = mode === "reset";
  const position = await storage.lastEventId(keyspace.events());
  // Known before the index is read: a service changed locally after that is not judged by this read.
  const before = new Map([...mirror.records()].map((r) => [r.name, r] as const));
  const index = await storage.hgetall(keyspace.serviceIndex());
  const names = Object.keys(index);
  const [configs, caches] = await Promise.all([
    storage.getManyVersioned(names.map((n) => keyspace.serviceConfig(n))),
    storage.getMany(names.map((n) => keyspace.serviceCache(n))),
  ]);
  if (reset) mirror.forgetRemovals();
  const present = new Set<string>();
  names.forEach((name, i) => {
    const stored = configs[i];
    const doc = stored ? parseConfigDocument(stored.value) : null;
    if (!stored || !doc || doc.deleted || doc.name !== name) return;
    present.add(name);
    target.handle(mirror.applyPut(doc, stored.version, { force: reset }), true);
    const rt = target.runtimes.get(name);
    if (rt?.setCached(parseCatalogCache(caches[i] ?? null))) target.bump();
  });
  if (reset) {
    for (const record of [...mirror.records()]) {
      if (!present.has(record.name)) target.handle(mirror.applyRemove(record.name, 0, { force: true }), true);
    }
  }
  if (mode === "gap") await dropRemoved(target, before, present);
  return position;
}

/**
 * After a gap: services this instance still runs that are no longer in the registry index were
 * removed while it was behind. Each is dropped at its removal marker's version; without a marker
 * (expired) only if the mirror has not changed it since the snapshot was taken. Changes made here and
 * not yet in storage (pending) stay.
 */
async function dropRemoved(
  target: SnapshotTarget,
  before: ReadonlyMap<string, MirrorRecord>,
  present: ReadonlySet<string>,
): Promise<void> {
  const { storage, keyspace, mirror } = target;
  const gone = [...before.values()].filter((r) => !r.pending && !present.has(r.name));
  if (!gone.length) return;
  const markers = await storage.getManyVersioned(gone.map((r) => keyspace.serviceConfig(r.name)));
  gone.forEach((record, i) => {
    const stored = markers[i];
    const doc = stored ? parseConfigDocument(stored.value) : null;
    if (stored && doc?.deleted) {
      target.handle(mirror.applyRemove(record.name, stored.version), true);
    } else if (!stored && mirror.get(record.name) === record) {
      target.handle(mirror.applyRemove(record.name, 0, { force: true }), true);
    }
  });
}

import type { Keyspace } from "@mcpstore/keyspace";
import type { StorageAdapter, WriteOp } from "@mcpstore/storage";
import type { Logger } from "../logger.js";
import { AGGREGATE_FIELD, type CatalogCache, type InstanceState, type WireEvent } from "../sync/records.js";
import { qualifiedToolName } from "../tools/qualified-name.js";
import { catalogHash } from "./catalog-hash.js";
import type { ServiceRuntime } from "./service-runtime.js";
import { expiryOf, parseAllInstanceStates } from "./state-ranking.js";

const FLUSH_DELAY_MS = 25;
/** Longest pause between retries of a publish that failed (the first retry comes after FLUSH_DELAY_MS). */
const MAX_RETRY_MS = 5_000;

/** The storage name of a tool: the qualified name in the store view (unique in the dataspace). */
export function toolStorageName(service: string, tool: string): string {
  return qualifiedToolName(service, tool);
}

export interface PublisherOptions {
  readonly storage: StorageAdapter;
  readonly keyspace: Keyspace;
  readonly instanceId: string;
  readonly runtimes: ReadonlyMap<string, ServiceRuntime>;
  /** Auto dataspace: the TTL every key written gets; undefined for a fixed dataspace. */
  readonly leaseMs: number | undefined;
  readonly logger: Logger;
  readonly now: () => number;
  readonly eventLogMaxLen: number;
  /** How long this instance's state entries count after each heartbeat. */
  readonly instanceLeaseMs: number;
  readonly heartbeatMs: number;
}

/**
 * Writes what this instance learns about its services — its own connection state (one field per
 * instance in `:state`) and freshly fetched catalogs (`:cache`, `tools:*:info`) — coalesced and off
 * every call path.
 *
 * - Each state entry is a lease (`expiresAt`), re-published on a heartbeat; readers ignore expired
 *   entries and this instance prunes entries that expired a lease ago (crashed instances). The
 *   aggregate is computed by readers, so concurrent writers never leave one that disagrees.
 * - Every write for a service is conditioned (`checkVersion`) on its config still being at the
 *   version this instance holds: once it is removed (or changed and not yet seen here) nothing of
 *   this lands, so a removal wins over every background write that was already on its way.
 * - Latest-value semantics: a failed publish keeps the services marked and retries with backoff.
 */
export class Publisher {
  readonly #dirtyState = new Set<string>();
  readonly #dirtyCatalog = new Set<string>();
  /** Marks of a publish that failed, merged back when its retry is due. */
  readonly #retryState = new Set<string>();
  readonly #retryCatalog = new Set<string>();
  /** Tools whose info keys we wrote last, per service, to delete the ones that disappear. */
  readonly #publishedTools = new Map<string, Set<string>>();
  #timer: NodeJS.Timeout | undefined;
  #retryTimer: NodeJS.Timeout | undefined;
  #retryMs = 0;
  #heartbeat: NodeJS.Timeout | undefined;
  #beats = 0;
  #flushing: Promise<void> | undefined;
  #stopped = false;

  constructor(private readonly o: PublisherOptions) {}

  /** Starts the heartbeat that keeps this instance's state entries alive (and prunes dead ones). */
  start(): void {
    if (this.#heartbeat || this.#stopped) return;
    this.#heartbeat = setInterval(() => this.#beat(), this.o.heartbeatMs);
    this.#heartbeat.unref();
  }

  markState(service: string): void {
    this.#dirtyState.add(service);
    this.#schedule();
  }

  markCatalog(service: string): void {
    this.#dirtyCatalog.add(service);
    this.#schedule();
  }

  markAll(): void {
    for (const name of this.o.runtimes.keys()) {
      this.#dirtyState.add(name);
      this.#dirtyCatalog.add(name);
    }
    this.#schedule();
  }

  forget(service: string): void {
    this.#dirtyState.delete(service);
    this.#dirtyCatalog.delete(service);
    this.#retryState.delete(service);
    this.#retryCatalog.delete(service);
    this.#publishedTools.delete(service);
  }

  /** Storage names of the tools known for a service (published or served), for cleanup on removal. */
  toolKeysOf(service: string): string[] {
    const names = new Set(this.#publishedTools.get(service));
    const rt = this.o.runtimes.get(service);
    for (const t of rt?.catalog.tools ?? []) names.add(toolStorageName(service, t.name));
    return [...names];
  }

  #beat(): void {
    for (const name of this.o.runtimes.keys()) this.#dirtyState.add(name);
    this.#schedule();
    const beatsPerLease = Math.max(1, Math.round(this.o.instanceLeaseMs / this.o.heartbeatMs));
    if (++this.#beats % beatsPerLease === 0) void this.#prune();
  }

  #schedule(): void {
    if (this.#timer || this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.flush();
    }, FLUSH_DELAY_MS);
    this.#timer.unref();
  }

  /** Keeps the marks of a failed publish and retries them later, backing off while failures go on. */
  #retryLater(states: readonly string[], catalogs: readonly string[]): void {
    for (const n of states) this.#retryState.add(n);
    for (const n of catalogs) this.#retryCatalog.add(n);
    this.#retryMs = Math.min(MAX_RETRY_MS, Math.max(FLUSH_DELAY_MS, this.#retryMs * 2));
    if (this.#retryTimer || this.#stopped) return;
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      for (const n of this.#retryState) this.#dirtyState.add(n);
      for (const n of this.#retryCatalog) this.#dirtyCatalog.add(n);
      this.#retryState.clear();
      this.#retryCatalog.clear();
      void this.flush();
    }, this.#retryMs);
    this.#retryTimer.unref();
  }

  /** Writes everything marked; one at a time. */
  flush(): Promise<void> {
    if (this.#flushing)
      return this.#flushing.then(() =>
        this.#dirtyState.size || this.#dirtyCatalog.size ? this.flush() : undefined,
      );
    this.#flushing = this.#flush().finally(() => {
      this.#flushing = undefined;
    });
    return this.#flushing;
  }

  async #flush(): Promise<void> {
    const { storage, keyspace, runtimes, instanceId } = this.o;
    if (storage.status !== "ready" || this.#stopped) return;
    // Read the runtimes once, synchronously: a service removed from here on is judged by the guard.
    const states = [...this.#dirtyState].flatMap((n) => runtimes.get(n) ?? []);
    const catalogs = [...this.#dirtyCatalog].flatMap((n) => runtimes.get(n) ?? []);
    this.#dirtyState.clear();
    this.#dirtyCatalog.clear();
    if (!states.length && !catalogs.length) return;
    const now = this.o.now();
    const ops: WriteOp[] = [];
    const touched = new Set<string>();
    const guarded = new Set<string>();
    const guard = (rt: ServiceRuntime) => {
      if (guarded.has(rt.name)) return;
      guarded.add(rt.name);
      ops.push({
        op: "checkVersion",
        key: keyspace.serviceConfig(rt.name),
        expectedVersion: rt.record.version || null,
      });
    };
    // Fixed dataspace: the state key outlives every lease a little, so if all instances die it goes
    // away on its own. An auto dataspace's keys all live by the dataspace's lease.
    const stateTtlMs = this.o.leaseMs ?? 3 * this.o.instanceLeaseMs;
    for (const rt of states) {
      guard(rt);
      const mine: InstanceState = {
        state: rt.state,
        updatedAt: now,
        expiresAt: now + this.o.instanceLeaseMs,
        ...(rt.connection.lastError ? { lastError: rt.connection.lastError.message } : {}),
        ...(rt.connection.transport ? { transport: rt.connection.transport } : {}),
      };
      const key = keyspace.serviceState(rt.name);
      ops.push({ op: "hset", key, fields: { [instanceId]: JSON.stringify(mine) } });
      ops.push({ op: "hdel", key, fields: [AGGREGATE_FIELD] });
      ops.push({ op: "expire", key, ttlMs: stateTtlMs });
    }
    const events: WireEvent[] = [];
    const published: [ServiceRuntime, Set<string>, CatalogCache][] = [];
    for (const rt of catalogs) {
      const name = rt.name;
      const own = rt.connection.catalog;
      if (!own) continue;
      const hash = catalogHash(own);
      if (hash === rt.cachedHash) continue;
      guard(rt);
      const cache: CatalogCache = {
        fetchedAt: own.fetchedAt,
        hash,
        version: rt.record.version,
        tools: own.tools,
        resources: own.resources,
        resourceTemplates: own.resourceTemplates,
        prompts: own.prompts,
      };
      const cacheKey = keyspace.serviceCache(name);
      ops.push({ op: "set", key: cacheKey, value: JSON.stringify(cache) });
      touched.add(cacheKey);
      const current = new Set<string>();
      const index: Record<string, string> = {};
      for (const tool of own.tools) {
        const storageName = toolStorageName(name, tool.name);
        current.add(storageName);
        index[storageName] = name;
        const infoKey = keyspace.toolInfo(storageName);
        ops.push({
          op: "set",
          key: infoKey,
          value: JSON.stringify({ name: storageName, service: name, originalName: tool.name, tool }),
        });
        touched.add(infoKey);
      }
      if (own.tools.length) {
        ops.push({ op: "hset", key: keyspace.toolIndex(), fields: index });
        touched.add(keyspace.toolIndex());
      }
      const gone = [...(this.#publishedTools.get(name) ?? [])].filter((t) => !current.has(t));
      for (const t of gone) ops.push({ op: "delete", key: keyspace.toolInfo(t) });
      if (gone.length) ops.push({ op: "hdel", key: keyspace.toolIndex(), fields: gone });
      events.push({ type: "catalog.cached", service: name, hash, instanceId });
      published.push([rt, current, cache]);
    }
    for (const e of events) {
      ops.push({
        op: "append",
        key: keyspace.events(),
        payload: JSON.stringify(e),
        maxLen: this.o.eventLogMaxLen,
      });
      touched.add(keyspace.events());
    }
    if (!guarded.size) return;
    if (this.o.leaseMs !== undefined)
      for (const key of touched) ops.push({ op: "expire", key, ttlMs: this.o.leaseMs });
    const names = (list: readonly ServiceRuntime[]) => list.map((rt) => rt.name);
    try {
      const result = await storage.batch(ops);
      if (!result.ok) {
        // A service was removed or changed since this instance saw it. Removed ones are forgotten
        // by then; the others are written once the mirror has caught up.
        this.o.logger.debug("state/catalog publish skipped: a service changed meanwhile; will retry", {
          services: result.conflicts.map((c) => c.key),
        });
        this.#retryLater(names(states), names(catalogs));
        return;
      }
      this.#retryMs = 0;
      for (const [rt, tools, cache] of published) {
        if (runtimes.get(rt.name) !== rt) continue;
        this.#publishedTools.set(rt.name, tools);
        rt.setCached(cache);
      }
    } catch (error) {
      this.#retryLater(names(states), names(catalogs));
      this.o.logger.debug("publishing state/catalog failed; will retry", { error: String(error) });
    }
  }

  /**
   * Deletes entries of other instances whose lease ran out more than a lease ago (crashed, or closed
   * while storage was unreachable). The margin keeps an instance that is merely late from losing its
   * entry; if it was wrong, the instance's next heartbeat writes the entry again.
   */
  async #prune(): Promise<void> {
    const { storage, keyspace, runtimes, instanceId } = this.o;
    if (storage.status !== "ready" || this.#stopped) return;
    const names = [...runtimes.keys()];
    if (!names.length) return;
    try {
      const hashes = await Promise.all(names.map((n) => storage.hgetall(keyspace.serviceState(n))));
      const now = this.o.now();
      const ops: WriteOp[] = [];
      names.forEach((name, i) => {
        const hash = hashes[i] ?? {};
        const stale = Object.entries(parseAllInstanceStates(hash))
          .filter(([id, s]) => id !== instanceId && expiryOf(s) + this.o.instanceLeaseMs < now)
          .map(([id]) => id);
        if (AGGREGATE_FIELD in hash) stale.push(AGGREGATE_FIELD);
        if (stale.length) ops.push({ op: "hdel", key: keyspace.serviceState(name), fields: stale });
      });
      if (ops.length) await storage.batch(ops);
    } catch (error) {
      this.o.logger.debug("pruning expired instance states failed", { error: String(error) });
    }
  }

  /** Writes nothing more (the store is closing). */
  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    clearTimeout(this.#retryTimer);
    clearInterval(this.#heartbeat);
    this.#timer = undefined;
    this.#retryTimer = undefined;
    this.#heartbeat = undefined;
  }

  /** On close: removes this instance's state entries (readers compute the aggregate without us). */
  async withdraw(): Promise<void> {
    this.stop();
    await this.#flushing;
    const { storage, keyspace, runtimes, instanceId } = this.o;
    const names = [...runtimes.keys()];
    if (!names.length || storage.status !== "ready") return;
    await storage.batch(
      names.map((n) => ({
        op: "hdel" as const,
        key: keyspace.serviceState(n),
        fields: [instanceId, AGGREGATE_FIELD],
      })),
    );
  }
}

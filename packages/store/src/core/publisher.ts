import type { Keyspace } from "@mcpstore/keyspace";
import type { StorageAdapter, WriteOp } from "@mcpstore/storage";
import type { Logger } from "../logger.js";
import { AGGREGATE_FIELD, type CatalogCache, type InstanceState, type WireEvent } from "../sync/records.js";
import { qualifiedToolName } from "../tools/qualified-name.js";
import { catalogHash } from "./catalog-hash.js";
import type { ServiceRuntime } from "./service-runtime.js";
import { aggregateOf, parseInstanceStates } from "./state-ranking.js";

const FLUSH_DELAY_MS = 25;

/** The storage name of a tool: the qualified name in the store view (unique in the dataspace). */
export function toolStorageName(service: string, tool: string): string {
  return qualifiedToolName(service, tool);
}

/**
 * Writes what this instance learns about its services — its own connection state (one field per
 * instance in `:state`, plus the aggregate) and freshly fetched catalogs (`:cache`, `tools:*:info`) —
 * coalesced and off every call path. Latest-value semantics: if storage is unreachable the services
 * stay marked and are written when it is back, so this needs no queue.
 */
export class Publisher {
  readonly #dirtyState = new Set<string>();
  readonly #dirtyCatalog = new Set<string>();
  /** Tools whose info keys we wrote last, per service, to delete the ones that disappear. */
  readonly #publishedTools = new Map<string, Set<string>>();
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> | undefined;
  #stopped = false;

  constructor(
    private readonly storage: StorageAdapter,
    private readonly keyspace: Keyspace,
    private readonly instanceId: string,
    private readonly runtimes: ReadonlyMap<string, ServiceRuntime>,
    private readonly leaseMs: number | undefined,
    private readonly logger: Logger,
    private readonly now: () => number,
    private readonly eventLogMaxLen: number,
  ) {}

  markState(service: string): void {
    this.#dirtyState.add(service);
    this.#schedule();
  }

  markCatalog(service: string): void {
    this.#dirtyCatalog.add(service);
    this.#schedule();
  }

  markAll(): void {
    for (const name of this.runtimes.keys()) {
      this.#dirtyState.add(name);
      this.#dirtyCatalog.add(name);
    }
    this.#schedule();
  }

  forget(service: string): void {
    this.#dirtyState.delete(service);
    this.#dirtyCatalog.delete(service);
    this.#publishedTools.delete(service);
  }

  /** Storage names of the tools known for a service (published or served), for cleanup on removal. */
  toolKeysOf(service: string): string[] {
    const names = new Set(this.#publishedTools.get(service));
    const rt = this.runtimes.get(service);
    for (const t of rt?.catalog.tools ?? []) names.add(toolStorageName(service, t.name));
    return [...names];
  }

  #schedule(): void {
    if (this.#timer || this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.flush();
    }, FLUSH_DELAY_MS);
    this.#timer.unref();
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
    if (this.storage.status !== "ready" || this.#stopped) return;
    const states = [...this.#dirtyState].filter((n) => this.runtimes.has(n));
    const catalogs = [...this.#dirtyCatalog].filter((n) => this.runtimes.has(n));
    this.#dirtyState.clear();
    this.#dirtyCatalog.clear();
    if (!states.length && !catalogs.length) return;
    try {
      const ops: WriteOp[] = [];
      const events: WireEvent[] = [];
      const touched = new Set<string>();
      if (states.length) {
        const current = await Promise.all(
          states.map((n) => this.storage.hgetall(this.keyspace.serviceState(n))),
        );
        states.forEach((name, i) => {
          const rt = this.runtimes.get(name)!;
          const mine: InstanceState = {
            state: rt.state,
            updatedAt: this.now(),
            ...(rt.connection.lastError ? { lastError: rt.connection.lastError.message } : {}),
            ...(rt.connection.transport ? { transport: rt.connection.transport } : {}),
          };
          const all = { ...parseInstanceStates(current[i] ?? {}), [this.instanceId]: mine };
          const key = this.keyspace.serviceState(name);
          ops.push({
            op: "hset",
            key,
            fields: {
              [this.instanceId]: JSON.stringify(mine),
              [AGGREGATE_FIELD]: JSON.stringify(aggregateOf(all, this.now())),
            },
          });
          touched.add(key);
        });
      }
      const published: [ServiceRuntime, Set<string>, CatalogCache][] = [];
      for (const name of catalogs) {
        const rt = this.runtimes.get(name)!;
        const own = rt.connection.catalog;
        if (!own) continue;
        const hash = catalogHash(own);
        if (hash === rt.cachedHash) continue;
        const cache: CatalogCache = {
          fetchedAt: own.fetchedAt,
          hash,
          version: rt.record.version,
          tools: own.tools,
          resources: own.resources,
          resourceTemplates: own.resourceTemplates,
          prompts: own.prompts,
        };
        const cacheKey = this.keyspace.serviceCache(name);
        ops.push({ op: "set", key: cacheKey, value: JSON.stringify(cache) });
        touched.add(cacheKey);
        const now = new Set<string>();
        const index: Record<string, string> = {};
        for (const tool of own.tools) {
          const storageName = toolStorageName(name, tool.name);
          now.add(storageName);
          index[storageName] = name;
          const infoKey = this.keyspace.toolInfo(storageName);
          ops.push({
            op: "set",
            key: infoKey,
            value: JSON.stringify({ name: storageName, service: name, originalName: tool.name, tool }),
          });
          touched.add(infoKey);
        }
        if (own.tools.length) {
          ops.push({ op: "hset", key: this.keyspace.toolIndex(), fields: index });
          touched.add(this.keyspace.toolIndex());
        }
        const gone = [...(this.#publishedTools.get(name) ?? [])].filter((t) => !now.has(t));
        for (const t of gone) ops.push({ op: "delete", key: this.keyspace.toolInfo(t) });
        if (gone.length) ops.push({ op: "hdel", key: this.keyspace.toolIndex(), fields: gone });
        events.push({ type: "catalog.cached", service: name, hash, instanceId: this.instanceId });
        published.push([rt, now, cache]);
      }
      for (const e of events) {
        ops.push({
          op: "append",
          key: this.keyspace.events(),
          payload: JSON.stringify(e),
          maxLen: this.eventLogMaxLen,
        });
        touched.add(this.keyspace.events());
      }
      if (!ops.length) return;
      if (this.leaseMs !== undefined)
        for (const key of touched) ops.push({ op: "expire", key, ttlMs: this.leaseMs });
      await this.storage.batch(ops);
      for (const [rt, tools, cache] of published) {
        this.#publishedTools.set(rt.name, tools);
        rt.setCached(cache);
      }
    } catch (error) {
      for (const n of states) this.#dirtyState.add(n);
      for (const n of catalogs) this.#dirtyCatalog.add(n);
      this.logger.debug("publishing state/catalog failed; will retry", { error: String(error) });
    }
  }

  /** Writes nothing more (the store is closing). */
  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** On close: removes this instance's state fields (and recomputes each aggregate without us). */
  async withdraw(): Promise<void> {
    this.stop();
    await this.#flushing;
    const names = [...this.runtimes.keys()];
    if (!names.length || this.storage.status !== "ready") return;
    const current = await Promise.all(names.map((n) => this.storage.hgetall(this.keyspace.serviceState(n))));
    const ops: WriteOp[] = [];
    names.forEach((name, i) => {
      const key = this.keyspace.serviceState(name);
      const others = parseInstanceStates(current[i] ?? {});
      delete others[this.instanceId];
      ops.push({ op: "hdel", key, fields: [this.instanceId] });
      if (Object.keys(others).length) {
        ops.push({
          op: "hset",
          key,
          fields: { [AGGREGATE_FIELD]: JSON.stringify(aggregateOf(others, this.now())) },
        });
      } else {
        ops.push({ op: "hdel", key, fields: [AGGREGATE_FIELD] });
      }
    });
    await this.storage.batch(ops);
  }
}

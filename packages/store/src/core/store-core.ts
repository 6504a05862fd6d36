import { randomUUID } from "node:crypto";
import type { Keyspace } from "@mcpstore/keyspace";
import type { Catalog, ConnectionOptions, StateChange } from "@mcpstore/mcp-client";
import type { StorageAdapter, WriteOp } from "@mcpstore/storage";
import { StoreClosedError } from "../errors.js";
import { EventBus, type StorageStatusInfo, type StoreEvent } from "../events.js";
import type { Logger } from "../logger.js";
import { EventFollower } from "../sync/event-follower.js";
import type { Intent, Outcome } from "../sync/intents.js";
import { LeaseKeeper } from "../sync/lease-keeper.js";
import { Mirror, type MirrorChange, type MirrorRecord } from "../sync/mirror.js";
import { isUnavailable, OutageQueue } from "../sync/outage-queue.js";
import {
  type ConfigDocument,
  parseCatalogCache,
  parseConfigDocument,
  type VersionedConfig,
  type WireEvent,
} from "../sync/records.js";
import { ServiceWriter } from "../sync/service-writer.js";
import { type PlannerContext, planWrites } from "../sync/write-planner.js";
import { Publisher, toolStorageName } from "./publisher.js";
import { ServiceRuntime } from "./service-runtime.js";
import { StatsFlusher } from "./stats-flusher.js";
import { type Scope, View } from "./view.js";

export interface CoreConfig {
  readonly storage: StorageAdapter;
  readonly ownsStorage: boolean;
  readonly keyspace: Keyspace;
  readonly instanceId: string;
  readonly logger: Logger;
  readonly memoryFallback: boolean;
  readonly fallbackError: string | undefined;
  readonly connection: ConnectionOptions;
  readonly outageQueueLimit: number;
  readonly statsFlushIntervalMs: number;
  /** Auto dataspace: the TTL every key carries while the store lives. */
  readonly leaseMs: number | undefined;
  /** How long one blocking read of the event stream waits. */
  readonly followBlockMs: number;
  /** Newest events the dataspace's stream keeps (`maxLen` of every append). */
  readonly eventLogMaxLen: number;
}

interface MetaDocument {
  readonly layout: 1;
  /** Changes when storage lost the dataspace (e.g. Redis restarted empty): versions restart then. */
  readonly epoch: string;
  readonly createdAt: number;
  readonly auto: boolean;
}

const RECOVERY_RETRY_MS = 1_000;

/**
 * The engine behind MCPStore: the local mirror of the registry and one runtime (supervised
 * connection) per service, kept in step with storage and with the other instances of the dataspace.
 *
 * - Reads (listing, tool resolution) are served from memory.
 * - Writes are intents committed with compare-and-set in one atomic batch with their event; while
 *   storage is unreachable they are applied locally and queued (bounded) for replay.
 * - A follower applies other instances' events (newer versions only) and connects or drops services
 *   to match; after storage lost its data the instance republishes what it knows and reloads.
 */
export class StoreCore {
  readonly bus: EventBus;
  readonly mirror = new Mirror();
  readonly runtimes = new Map<string, ServiceRuntime>();
  readonly stats: StatsFlusher;
  #generation = 0;
  readonly #views = new Map<string, View>();
  readonly #writer: ServiceWriter;
  readonly #queue: OutageQueue;
  readonly #publisher: Publisher;
  readonly #follower: EventFollower;
  readonly #lease: LeaseKeeper | undefined;
  readonly #plannerContext: PlannerContext;
  #epoch: string | undefined;
  #closed = false;
  #closing: Promise<void> | undefined;
  #storageDown = false;
  #lastStorageError: string | undefined;
  #lastReported: string | undefined;
  #recovering: Promise<void> | undefined;
  #recoveryTimer: NodeJS.Timeout | undefined;
  #offStatus: (() => void) | undefined;
  readonly #changeHooks = new Set<(change: MirrorChange, remote: boolean) => void>();

  constructor(readonly config: CoreConfig) {
    const { storage, keyspace, instanceId, logger, leaseMs } = config;
    this.bus = new EventBus((error) => logger.error("an event listener threw", { error: String(error) }));
    this.#publisher = new Publisher(
      storage,
      keyspace,
      instanceId,
      this.runtimes,
      leaseMs,
      logger,
      Date.now,
      config.eventLogMaxLen,
    );
    this.#plannerContext = {
      keyspace,
      instanceId,
      leaseMs,
      eventLogMaxLen: config.eventLogMaxLen,
      toolKeysOf: (service) => this.#publisher.toolKeysOf(service),
      now: Date.now,
    };
    this.#writer = new ServiceWriter(storage, this.#plannerContext);
    this.#queue = new OutageQueue(config.outageQueueLimit, logger);
    this.#follower = new EventFollower(
      storage,
      keyspace.events(),
      { apply: (e) => this.#applyWire(e), reload: () => this.#reloadAfterGap() },
      logger,
      { blockMs: config.followBlockMs, eventLogMaxLen: config.eventLogMaxLen },
    );
    this.#lease =
      leaseMs === undefined ? undefined : new LeaseKeeper(storage, keyspace.prefix(), leaseMs, logger);
    this.stats = new StatsFlusher(storage, keyspace, leaseMs, config.statsFlushIntervalMs, logger);
  }

  get generation(): number {
    return this.#generation;
  }

  get closed(): boolean {
    return this.#closed;
  }

  get instanceId(): string {
    return this.config.instanceId;
  }

  get logger(): Logger {
    return this.config.logger;
  }

  get storage(): StorageAdapter {
    return this.config.storage;
  }

  assertOpen(): void {
    if (this.#closed) throw new StoreClosedError();
  }

  view(scope: Scope): View {
    const key = scope.kind === "store" ? "" : `agent:${scope.agentId}`;
    let view = this.#views.get(key);
    if (!view) {
      view = new View(scope, this);
      this.#views.set(key, view);
    }
    return view;
  }

  /** Called for every applied registry change (mcp.json write-back uses it). */
  onChange(hook: (change: MirrorChange, remote: boolean) => void): () => void {
    this.#changeHooks.add(hook);
    return () => this.#changeHooks.delete(hook);
  }

  // ---------------------------------------------------------------- start-up

  /** Loads the dataspace (meta, snapshot) and starts following it. */
  async start(): Promise<void> {
    const { storage } = this.config;
    await this.#ensureMeta();
    this.#follower.start(await this.#loadSnapshot("start"));
    this.#offStatus = storage.onStatus((e) => this.#onStorageStatus(e.status, e.error));
    if (storage.status !== "ready") this.#onStorageStatus(storage.status, undefined);
    this.#lease?.start();
    this.stats.start();
  }

  async #ensureMeta(): Promise<boolean> {
    const { storage, keyspace } = this.config;
    const current = await storage.getVersioned(keyspace.meta());
    const parsed = current ? this.#parseMeta(current.value) : null;
    if (parsed) {
      const changed = this.#epoch !== undefined && parsed.epoch !== this.#epoch;
      this.#epoch = parsed.epoch;
      return changed;
    }
    const meta: MetaDocument = {
      layout: 1,
      epoch: randomUUID(),
      createdAt: Date.now(),
      auto: keyspace.autoDataspace,
    };
    const result = await storage.batch([
      {
        op: "putVersioned",
        key: keyspace.meta(),
        value: JSON.stringify(meta),
        expectedVersion: current ? current.version : null,
        ...(this.config.leaseMs === undefined ? {} : { ttlMs: this.config.leaseMs }),
      },
    ]);
    if (!result.ok) return this.#ensureMeta();
    const hadEpoch = this.#epoch !== undefined;
    this.#epoch = meta.epoch;
    return hadEpoch;
  }

  #parseMeta(text: string): MetaDocument | null {
    try {
      const v = JSON.parse(text) as MetaDocument;
      return typeof v?.epoch === "string" ? v : null;
    } catch {
      return null;
    }
  }

  /**
   * Reads the registry as it is now and resolves to the stream position from just before the read, to
   * follow from there so no change between the two is missed (replayed ones are ignored by version).
   * - `start`: a new instance; applies what it finds.
   * - `gap`: the follower fell behind further than the stream keeps; besides applying newer versions,
   *   drops services removed meanwhile (their removal events were trimmed).
   * - `reset`: storage lost its data, versions restarted; the snapshot replaces what the mirror believed.
   */
  async #loadSnapshot(mode: "start" | "gap" | "reset"): Promise<string> {
    const { storage, keyspace } = this.config;
    const reset = mode === "reset";
    const position = await storage.lastEventId(keyspace.events());
    // Known before the index is read: a service changed locally after that is not judged by this read.
    const before = new Map([...this.mirror.records()].map((r) => [r.name, r] as const));
    const index = await storage.hgetall(keyspace.serviceIndex());
    const names = Object.keys(index);
    const [configs, caches] = await Promise.all([
      storage.getManyVersioned(names.map((n) => keyspace.serviceConfig(n))),
      storage.getMany(names.map((n) => keyspace.serviceCache(n))),
    ]);
    if (reset) this.mirror.forgetRemovals();
    const present = new Set<string>();
    names.forEach((name, i) => {
      const stored = configs[i];
      const doc = stored ? parseConfigDocument(stored.value) : null;
      if (!stored || !doc || doc.deleted || doc.name !== name) return;
      present.add(name);
      this.#handle(this.mirror.applyPut(doc, stored.version, { force: reset }), true);
      const rt = this.runtimes.get(name);
      if (rt?.setCached(parseCatalogCache(caches[i] ?? null))) this.#bump();
    });
    if (reset) {
      for (const record of [...this.mirror.records()]) {
        if (!present.has(record.name))
          this.#handle(this.mirror.applyRemove(record.name, 0, { force: true }), true);
      }
    }
    if (mode === "gap") await this.#dropRemoved(before, present);
    return position;
  }

  /**
   * After a gap: services this instance still runs that are no longer in the registry index were
   * removed while it was behind. Each is dropped at its removal marker's version; without a marker
   * (expired) only if the mirror has not changed it since the snapshot was taken. Changes made here and
   * not yet in storage (pending) stay.
   */
  async #dropRemoved(before: ReadonlyMap<string, MirrorRecord>, present: ReadonlySet<string>): Promise<void> {
    const { storage, keyspace } = this.config;
    const gone = [...before.values()].filter((r) => !r.pending && !present.has(r.name));
    if (!gone.length) return;
    const markers = await storage.getManyVersioned(gone.map((r) => keyspace.serviceConfig(r.name)));
    gone.forEach((record, i) => {
      const stored = markers[i];
      const doc = stored ? parseConfigDocument(stored.value) : null;
      if (stored && doc?.deleted) {
        this.#handle(this.mirror.applyRemove(record.name, stored.version), true);
      } else if (!stored && this.mirror.get(record.name) === record) {
        this.#handle(this.mirror.applyRemove(record.name, 0, { force: true }), true);
      }
    });
  }

  /**
   * The follower found the stream trimmed past its position. Reloads unless storage lost the
   * dataspace (another epoch): recovery then republishes and reloads with a reset, which this must not
   * pre-empt by dropping services the new registry does not have yet.
   */
  async #reloadAfterGap(): Promise<string | undefined> {
    if (this.#closed) return undefined;
    await this.#recovering;
    const meta = await this.config.storage.getVersioned(this.config.keyspace.meta());
    const epoch = meta ? this.#parseMeta(meta.value)?.epoch : undefined;
    if (epoch !== this.#epoch) {
      this.config.logger.debug("event stream gap on a dataspace storage lost; leaving it to recovery");
      void this.#recover();
      return undefined;
    }
    return this.#loadSnapshot("gap");
  }

  // ---------------------------------------------------------------- writes

  #guess(name: string): VersionedConfig | null {
    const record = this.mirror.get(name);
    if (record) return { doc: recordToDoc(record), version: record.version };
    const removed = this.mirror.knownVersion(name);
    return removed
      ? {
          doc: {
            name,
            localName: name,
            owner: { kind: "store" },
            definition: { name, type: "stdio", command: "", args: [], env: {} },
            updatedAt: 0,
            updatedBy: "",
            deleted: true,
          },
          version: removed,
        }
      : null;
  }

  #degraded(): boolean {
    return this.#storageDown || this.#queue.size > 0;
  }

  /**
   * Commits registry intents: to storage when it is reachable (and then to the mirror), else to the
   * mirror at once and to the bounded queue for replay. Outcomes say what happened to each intent.
   */
  async commit(intents: readonly Intent[]): Promise<Outcome[]> {
    this.assertOpen();
    if (!this.#degraded()) {
      try {
        const outcomes = await this.#writer.commit(intents, (n) => this.#guess(n));
        if (!outcomes.some((o) => o.kind === "exists")) this.#applyOutcomes(outcomes, false);
        return outcomes;
      } catch (error) {
        if (!isUnavailable(error)) throw error;
        this.#markDown(error);
      }
    }
    return this.#commitLocally(intents);
  }

  #commitLocally(intents: readonly Intent[]): Outcome[] {
    const current = new Map(intents.map((i) => [i.name, this.#guess(i.name)] as const));
    const { outcomes } = planWrites(intents, current, this.#plannerContext);
    if (outcomes.some((o) => o.kind === "exists")) return outcomes;
    const writes = intents.filter((_, i) => {
      const kind = outcomes[i]?.kind;
      return kind === "written" || kind === "removed";
    });
    if (writes.length) {
      this.#queue.push(writes, (committed) => this.#applyOutcomes(committed, false), this.#lastStorageError);
      this.config.logger.debug("storage unreachable: change applied locally and queued", {
        services: writes.map((w) => w.name),
        queued: this.#queue.size,
      });
      this.#applyOutcomes(outcomes, true);
      this.#reportStatus();
      this.#scheduleRecovery();
    }
    return outcomes;
  }

  #applyOutcomes(outcomes: readonly Outcome[], pending: boolean): void {
    for (const o of outcomes) {
      if (o.kind === "written" || (o.kind === "unchanged" && !this.mirror.get(o.name))) {
        // Pending: storage has not assigned the version yet; keep the last known one until it does.
        const version = pending ? this.mirror.knownVersion(o.name) : o.version;
        this.#handle(this.mirror.applyPut(o.doc, version, { pending, force: pending }), false);
      } else if (o.kind === "removed") {
        this.#handle(
          this.mirror.applyRemove(o.name, pending ? this.mirror.knownVersion(o.name) : o.version, {
            force: pending,
          }),
          false,
        );
      }
    }
  }

  /** Asks every instance (this one included) to reconnect a service. */
  async broadcastRestart(name: string): Promise<void> {
    const rt = this.runtimes.get(name);
    const local = rt?.restart();
    if (!this.#degraded()) {
      const event: WireEvent = { type: "service.restart", service: name, instanceId: this.instanceId };
      const ops: WriteOp[] = [
        {
          op: "append",
          key: this.config.keyspace.events(),
          payload: JSON.stringify(event),
          maxLen: this.config.eventLogMaxLen,
        },
      ];
      await this.config.storage.batch(ops).catch((error: unknown) => {
        this.config.logger.debug("restart broadcast not stored", { error: String(error) });
      });
    }
    await local;
  }

  // ---------------------------------------------------------------- applying changes

  #bump(): void {
    this.#generation++;
  }

  #handle(change: MirrorChange, remote: boolean): void {
    if (change.kind === "ignored") return;
    const base = (r: MirrorRecord) => ({ service: r.name, localName: r.localName, owner: r.owner, remote });
    switch (change.kind) {
      case "added": {
        const rt = new ServiceRuntime(change.record, this.config.connection, {
          onState: (runtime, c) => this.#onState(runtime, c),
          onCatalog: (runtime, c) => this.#onCatalog(runtime, c),
        });
        this.runtimes.set(change.record.name, rt);
        this.#bump();
        this.config.logger.debug(`service ${change.record.name} added (v${change.record.version})`, {
          remote,
        });
        this.bus.emit({ type: "service.added", ...base(change.record), version: change.record.version });
        break;
      }
      case "updated": {
        const rt = this.runtimes.get(change.record.name);
        if (rt && change.definitionChanged) {
          rt.replace(change.record).catch((error: unknown) =>
            this.config.logger.warn(`closing the old connection of ${change.record.name} failed`, {
              error: String(error),
            }),
          );
        } else {
          rt?.setRecord(change.record);
        }
        this.#bump();
        this.config.logger.debug(`service ${change.record.name} updated (v${change.record.version})`, {
          remote,
          reconnect: change.definitionChanged,
        });
        this.bus.emit({ type: "service.updated", ...base(change.record), version: change.record.version });
        break;
      }
      case "removed": {
        const rt = this.runtimes.get(change.previous.name);
        this.runtimes.delete(change.previous.name);
        this.#publisher.forget(change.previous.name);
        rt?.close().catch(() => {});
        this.#bump();
        this.config.logger.debug(`service ${change.previous.name} removed`, { remote });
        this.bus.emit({ type: "service.removed", ...base(change.previous) });
        break;
      }
    }
    for (const hook of this.#changeHooks) hook(change, remote);
  }

  #onState(rt: ServiceRuntime, change: StateChange): void {
    this.#bump();
    const r = rt.record;
    this.config.logger.debug(
      `service ${r.name}: ${change.from} → ${change.to}`,
      change.error ? { error: change.error.message } : undefined,
    );
    this.bus.emit({
      type: "service.state",
      service: r.name,
      localName: r.localName,
      owner: r.owner,
      remote: false,
      from: change.from,
      to: change.to,
      error: change.error?.message,
    });
    this.#publisher.markState(r.name);
    // Healthy again: the served catalog switches from the cached one to our own.
    if (change.to === "healthy" || change.from === "healthy") this.#emitTools(rt);
  }

  #onCatalog(rt: ServiceRuntime, _catalog: Catalog): void {
    this.#bump();
    this.#emitTools(rt);
    this.#publisher.markCatalog(rt.name);
  }

  #emitTools(rt: ServiceRuntime): void {
    const r = rt.record;
    const catalog = rt.catalog;
    this.bus.emit({
      type: "tools.changed",
      service: r.name,
      localName: r.localName,
      owner: r.owner,
      remote: false,
      tools: catalog.tools.map((t) => toolStorageName(r.name, t.name)),
      stale: catalog.stale,
    });
  }

  async #applyWire(event: WireEvent): Promise<void> {
    // Our own changes reach the mirror when their commit returns (with the committed version).
    if (this.#closed || event.instanceId === this.instanceId) return;
    switch (event.type) {
      case "service.put":
        this.#handle(this.mirror.applyPut(event.config, event.version), true);
        return;
      case "service.removed":
        this.#handle(this.mirror.applyRemove(event.service, event.version), true);
        return;
      case "service.restart":
        await this.runtimes.get(event.service)?.restart();
        return;
      case "catalog.cached": {
        const rt = this.runtimes.get(event.service);
        if (!rt || rt.cachedHash === event.hash) return;
        const cache = parseCatalogCache(
          await this.config.storage.get(this.config.keyspace.serviceCache(event.service)),
        );
        if (rt.setCached(cache)) {
          this.#bump();
          this.#emitTools(rt);
        }
        return;
      }
    }
  }

  // ---------------------------------------------------------------- outage

  get storageStatus(): StorageStatusInfo {
    const kind = this.config.memoryFallback ? "memory" : this.config.storage.kind;
    if (this.config.memoryFallback) {
      const state = "memory-fallback";
      return { kind, state, status: state, queued: 0, lastError: this.config.fallbackError };
    }
    const state = this.#degraded() ? "degraded" : "ok";
    return {
      kind,
      state,
      status: state,
      queued: this.#queue.size,
      lastError: this.#degraded() ? this.#lastStorageError : undefined,
    };
  }

  #reportStatus(): void {
    const status = this.storageStatus;
    const signature = `${status.status}/${status.queued}`;
    if (signature === this.#lastReported) return;
    const wasDegraded = this.#lastReported?.startsWith("degraded");
    this.#lastReported = signature;
    if (status.status === "degraded" && !wasDegraded) {
      this.config.logger.warn(
        `storage unreachable (${status.lastError ?? "unknown error"}): tool calls keep working, changes are queued`,
      );
    } else if (status.status === "ok" && wasDegraded) {
      this.config.logger.info("storage reachable again; queued changes replayed");
    }
    this.bus.emit({ type: "storage.status", storage: status } satisfies StoreEvent);
  }

  #markDown(error: unknown): void {
    this.#storageDown = true;
    this.#lastStorageError = error instanceof Error ? error.message : String(error);
    this.#reportStatus();
    this.#scheduleRecovery();
  }

  #onStorageStatus(status: string, error: Error | undefined): void {
    if (this.#closed) return;
    if (status === "ready") {
      if (this.#storageDown || this.#queue.size) void this.#recover();
      return;
    }
    if (status === "closed") return;
    this.#markDown(error ?? new Error(`storage ${status}`));
  }

  #scheduleRecovery(): void {
    if (this.#recoveryTimer || this.#closed) return;
    this.#recoveryTimer = setTimeout(() => {
      this.#recoveryTimer = undefined;
      void this.#recover();
    }, RECOVERY_RETRY_MS);
    this.#recoveryTimer.unref();
  }

  /**
   * Storage is back (or may be): check whether it kept our data, republish if not, replay the queue,
   * republish state and catalogs. Retries on a timer until it gets through.
   */
  #recover(): Promise<void> {
    this.#recovering ??= (async () => {
      try {
        const { storage } = this.config;
        await storage.ping();
        const lost = await this.#ensureMeta();
        if (lost) await this.#reseed();
        await this.#queue.drain((intents) => this.#writer.commit(intents, () => undefined));
        if (this.#queue.size) throw new Error("storage still unreachable");
        this.#storageDown = false;
        this.#publisher.markAll();
        void this.stats.flush();
      } catch (error) {
        this.#lastStorageError = error instanceof Error ? error.message : String(error);
        this.#scheduleRecovery();
      } finally {
        this.#recovering = undefined;
        this.#reportStatus();
      }
    })();
    return this.#recovering;
  }

  /**
   * Storage came back without this dataspace (e.g. Redis restarted empty): versions start again. Put
   * back every service this instance knows (keeping any another instance already put back), then
   * reload the snapshot as a new instance would.
   */
  async #reseed(): Promise<void> {
    this.config.logger.warn(
      "storage lost this dataspace's data (restarted empty?); republishing the registry",
    );
    const intents: Intent[] = [...this.mirror.records()].map((r) => ({
      kind: "put",
      name: r.name,
      localName: r.localName,
      owner: r.owner,
      definition: r.definition,
      ifExists: "keep",
    }));
    if (intents.length) await this.#writer.commit(intents, () => undefined);
    this.#follower.setPosition(await this.#loadSnapshot("reset"));
  }

  /** Writes pending stats, states and catalogs now instead of at the next interval. */
  async flush(): Promise<void> {
    this.assertOpen();
    await Promise.all([this.#publisher.flush(), this.stats.flush()]);
  }

  // ---------------------------------------------------------------- close

  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#recoveryTimer);
    this.#offStatus?.();
    const { logger } = this.config;
    const followerStopped = this.#follower.stop();
    this.stats.stop();
    const reachable = !this.#storageDown && this.config.storage.status === "ready";
    if (reachable) {
      await this.stats
        .flush()
        .catch((e: unknown) => logger.debug("final stats flush failed", { error: String(e) }));
      await this.#publisher
        .withdraw()
        .catch((e: unknown) => logger.debug("withdrawing instance state failed", { error: String(e) }));
    } else {
      this.#publisher.stop();
      if (this.#queue.size)
        logger.warn(`closing with ${this.#queue.size} queued changes that never reached storage`);
    }
    await Promise.allSettled([...this.runtimes.values()].map((rt) => rt.close()));
    if (this.#lease) {
      if (reachable) {
        await this.#lease
          .release()
          .catch((e: unknown) => logger.warn("deleting the auto dataspace failed", { error: String(e) }));
      } else {
        this.#lease.stop();
      }
    }
    if (this.config.ownsStorage) await this.config.storage.close();
    else await Promise.race([followerStopped, new Promise((r) => setTimeout(r, 50).unref())]);
    this.bus.close();
  }
}

function recordToDoc(record: MirrorRecord): ConfigDocument {
  return {
    name: record.name,
    localName: record.localName,
    owner: record.owner,
    definition: record.definition,
    updatedAt: record.updatedAt,
    updatedBy: record.updatedBy,
  };
}

export function newInstanceId(): string {
  return randomUUID();
}

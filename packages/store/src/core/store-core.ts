import { randomUUID } from "node:crypto";
import type { Keyspace } from "@mcpstore/keyspace";
import type { ConnectionOptions } from "@mcpstore/mcp-client";
import type { StorageAdapter, WriteOp } from "@mcpstore/storage";
import { StoreClosedError, type Unwritten, type UnwrittenChange, UnwrittenChangesError } from "../errors.js";
import { EventBus, type StorageStatusInfo, type StoreEvent } from "../events.js";
import type { Logger } from "../logger.js";
import { EventFollower } from "../sync/event-follower.js";
import type { Intent, Outcome } from "../sync/intents.js";
import { LeaseKeeper } from "../sync/lease-keeper.js";
import { Mirror, type MirrorChange, type MirrorRecord } from "../sync/mirror.js";
import { isUnavailable, OutageQueue } from "../sync/outage-queue.js";
import type { ConfigDocument, VersionedConfig, WireEvent } from "../sync/records.js";
import { ServiceWriter } from "../sync/service-writer.js";
import { type PlannerContext, planWrites } from "../sync/write-planner.js";
import { ChangeApplier } from "./change-applier.js";
import { DataspaceMeta } from "./dataspace-meta.js";
import { Publisher } from "./publisher.js";
import type { ServiceRuntime } from "./service-runtime.js";
import { loadSnapshot } from "./snapshot-loader.js";
import { netChanges, readSpillFile, removeSpillFile, spilledIntents, writeSpillFile } from "./spill-file.js";
import { StatsFlusher } from "./stats-flusher.js";
import type { Tuning } from "./tuning.js";
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
  /** How long `close()` waits for unreachable storage to take what is still unwritten. */
  readonly closeTimeoutMs: number;
  /** Where `close()` saves what it could not write, for the next start to replay. */
  readonly spillFile: string | undefined;
  /** Removal-marker TTL, instance-state lease and heartbeat. */
  readonly tuning: Tuning;
}

const RECOVERY_RETRY_MS = 1_000;
/** While close() or flush() waits for storage to come back, how often it tries again. */
const DELIVERY_RETRY_MS = 200;

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
  readonly mirror: Mirror;
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
  readonly #meta: DataspaceMeta;
  readonly #applier: ChangeApplier;
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
    // Removals are remembered as long as storage keeps their markers (auto dataspace: its lease).
    this.mirror = new Mirror(leaseMs ?? config.tuning.tombstoneTtlMs);
    this.#publisher = new Publisher({
      storage,
      keyspace,
      instanceId,
      runtimes: this.runtimes,
      leaseMs,
      logger,
      now: Date.now,
      eventLogMaxLen: config.eventLogMaxLen,
      instanceLeaseMs: config.tuning.instanceLeaseMs,
      heartbeatMs: config.tuning.heartbeatMs,
    });
    this.#plannerContext = {
      keyspace,
      instanceId,
      leaseMs,
      eventLogMaxLen: config.eventLogMaxLen,
      toolKeysOf: (service) => this.#publisher.toolKeysOf(service),
      tombstoneTtlMs: config.tuning.tombstoneTtlMs,
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
    this.stats = new StatsFlusher(
      storage,
      keyspace,
      instanceId,
      leaseMs,
      config.statsFlushIntervalMs,
      logger,
    );
    this.#meta = new DataspaceMeta(storage, keyspace, leaseMs);
    this.#applier = new ChangeApplier({
      config,
      mirror: this.mirror,
      runtimes: this.runtimes,
      bus: this.bus,
      publisher: this.#publisher,
      stats: this.stats,
      hooks: this.#changeHooks,
      bump: () => this.#bump(),
      canSweep: () => !this.#closed && !this.#degraded(),
    });
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
    await this.#meta.ensure();
    this.#follower.start(await this.#loadSnapshot("start"));
    this.#offStatus = storage.onStatus((e) => this.#onStorageStatus(e.status, e.error));
    if (storage.status !== "ready") this.#onStorageStatus(storage.status, undefined);
    this.#lease?.start();
    this.stats.start();
    this.#publisher.start();
    if (this.config.spillFile) await this.#replaySpill(this.config.spillFile);
  }

  /**
   * Writes what an earlier instance's `close()` could not deliver (see `spillFile`), if it belongs to
   * this dataspace, then deletes the file. Changes replay like queued ones: the user was told they
   * succeeded, so they win over what storage holds.
   */
  async #replaySpill(path: string): Promise<void> {
    const { keyspace, logger } = this.config;
    const doc = await readSpillFile(path);
    if (!doc) return;
    if (doc.namespace !== keyspace.namespace || doc.dataspace !== keyspace.dataspace) {
      logger.warn(
        `spill file ${path} belongs to ${doc.namespace}/${doc.dataspace}, not ${keyspace.namespace}/${keyspace.dataspace}; left as it is`,
      );
      return;
    }
    const intents = spilledIntents(doc);
    if (intents.length) await this.commit(intents);
    this.stats.adopt(doc.stats, doc.statsInDoubt);
    await removeSpillFile(path);
    logger.info(
      `replayed ${intents.length} change(s) and the call counts of ${doc.stats.length} tool(s) from ${path}`,
    );
  }

  /** Reads the registry into the mirror (see `loadSnapshot`); resolves to the stream position. */
  #loadSnapshot(mode: "start" | "gap" | "reset"): Promise<string> {
    const { storage, keyspace } = this.config;
    return loadSnapshot(
      {
        storage,
        keyspace,
        mirror: this.mirror,
        runtimes: this.runtimes,
        handle: (change, remote) => this.#applier.handle(change, remote),
        bump: () => this.#bump(),
      },
      mode,
    );
  }

  /**
   * The follower found the stream trimmed past its position. Reloads unless storage lost the
   * dataspace (another epoch): recovery then republishes and reloads with a reset, which this must not
   * pre-empt by dropping services the new registry does not have yet.
   */
  async #reloadAfterGap(): Promise<string | undefined> {
    if (this.#closed) return undefined;
    await this.#recovering;
    if (!(await this.#meta.unchanged())) {
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
   * mirror at once and to the bounded queue for replay (a full queue rejects with WriteQueueFullError:
   * nothing is applied or acknowledged). Outcomes say what happened to each intent.
   *
   * While changes are queued, a new one goes behind them (order is kept). If storage answers again,
   * the caller waits for the queue — its own change included — to be written: writers are held to the
   * pace storage takes writes, so however fast they write, the queue drains and the store gets back to
   * "ok" as soon as storage does. If storage is still down, the change is acknowledged from the queue
   * after a turn of the event loop, so a writer in a tight loop cannot starve the I/O that recovery
   * needs.
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
    const outcomes = this.#commitLocally(intents);
    if (!this.#queue.size) return outcomes;
    if (this.config.storage.status === "ready") await this.#recover();
    else await new Promise<void>((resolve) => setImmediate(resolve));
    return outcomes;
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
      // `unchanged` for a pending record: a write that timed out had in fact landed; its replay found
      // it there. The record is in storage now, at that version.
      const stale =
        o.kind === "unchanged" &&
        (!this.mirror.get(o.name) || (!pending && this.mirror.get(o.name)?.pending));
      if (o.kind === "written" || stale) {
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
    this.#applier.handle(change, remote);
  }

  #applyWire(event: WireEvent): Promise<void> {
    // Our own changes reach the mirror when their commit returns (with the committed version).
    if (this.#closed || event.instanceId === this.instanceId) return Promise.resolve();
    return this.#applier.applyWire(event);
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
        const lost = await this.#meta.ensure();
        if (lost) await this.#reseed();
        // Writes queued while a drain finishes are drained by the next one, in this same recovery.
        while (this.#queue.size) {
          const emptied = await this.#queue.drain((intents) => this.#writer.commit(intents, () => undefined));
          if (!emptied) throw new Error("storage still unreachable");
        }
        this.#storageDown = false;
        this.#publisher.markAll();
        this.stats.flush().catch(() => {});
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

  /**
   * Writes pending stats, states and catalogs now instead of at the next interval, and replays queued
   * changes if storage is back. Rejects with {@link UnwrittenChangesError} when storage is still
   * unreachable (what was not written stays queued).
   */
  async flush(): Promise<void> {
    this.assertOpen();
    const left = await this.#deliver(0);
    if (left) throw new UnwrittenChangesError("flush", left, { storageError: this.#lastStorageError });
  }

  /** What storage does not have yet: queued registry changes and unflushed call counts. */
  #unwritten(): Unwritten {
    const changes: UnwrittenChange[] = this.#queue
      .pendingNames()
      .map((name) => ({ service: name, kind: this.mirror.get(name) ? "put" : "remove" }));
    return { changes, statsTools: this.stats.unwrittenTools() };
  }

  /**
   * Tries to write everything pending (queued changes, stats, states, catalogs), retrying while
   * storage is unreachable for up to `waitMs`. Resolves to what is still unwritten, or undefined.
   */
  async #deliver(waitMs: number): Promise<Unwritten | undefined> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      if (this.#degraded()) await this.#recover();
      if (!this.#degraded()) {
        const results = await Promise.allSettled([this.stats.flush(), this.#publisher.flush()]);
        const failed = results.find((r) => r.status === "rejected");
        if (!failed) return undefined;
        if (!isUnavailable(failed.reason) && this.config.storage.status === "ready") throw failed.reason;
        this.#markDown(failed.reason);
      }
      if (Date.now() >= deadline) {
        const left = this.#unwritten();
        return left.changes.length || left.statsTools.length || this.#degraded() ? left : undefined;
      }
      await new Promise((r) => setTimeout(r, Math.min(DELIVERY_RETRY_MS, deadline - Date.now())));
    }
  }

  // ---------------------------------------------------------------- close

  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  /**
   * Delivers what storage does not have yet — waiting up to `closeTimeoutMs` while it is unreachable —
   * then withdraws this instance, closes every connection and the storage it opened. What could still
   * not be written is saved to `spillFile` (if set) and reported by rejecting with
   * {@link UnwrittenChangesError}; everything is closed either way.
   */
  async #close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#recoveryTimer);
    this.#offStatus?.();
    const { logger, closeTimeoutMs } = this.config;
    const started = Date.now();
    const followerStopped = this.#follower.stop();
    this.stats.stop();
    let left: Unwritten | undefined;
    try {
      left = await this.#deliver(closeTimeoutMs);
    } catch (error) {
      logger.warn("writing pending changes at close failed", { error: String(error) });
      left = this.#unwritten();
    }
    const reachable = !left && !this.#degraded() && this.config.storage.status === "ready";
    if (reachable) {
      await this.#publisher
        .withdraw()
        .catch((e: unknown) => logger.debug("withdrawing instance state failed", { error: String(e) }));
    } else {
      this.#publisher.stop();
    }
    const spilledTo = left ? await this.#spill(left) : undefined;
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
    if (left && (left.changes.length || left.statsTools.length)) {
      const error = new UnwrittenChangesError("close", left, {
        storageError: this.#lastStorageError,
        waitedMs: Date.now() - started,
        spilledTo,
      });
      logger.warn(error.message);
      throw error;
    }
  }

  /** Saves what close() could not write to `spillFile`; resolves to the path, or undefined. */
  async #spill(left: Unwritten): Promise<string | undefined> {
    const path = this.config.spillFile;
    if (!path || (!left.changes.length && !left.statsTools.length)) return undefined;
    const { keyspace, instanceId, logger } = this.config;
    const { deltas, inDoubt } = this.stats.takeUnwritten();
    try {
      await writeSpillFile(path, {
        mcpstoreSpill: 1,
        namespace: keyspace.namespace,
        dataspace: keyspace.dataspace,
        instanceId,
        writtenAt: Date.now(),
        changes: netChanges(
          left.changes.map((c) => c.service),
          this.mirror,
        ),
        stats: deltas,
        ...(inDoubt ? { statsInDoubt: inDoubt } : {}),
      });
      return path;
    } catch (error) {
      logger.error(`saving unwritten changes to ${path} failed`, { error: String(error) });
      return undefined;
    }
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

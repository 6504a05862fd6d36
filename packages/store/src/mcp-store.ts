import { createKeyspace } from "@mcpstore/keyspace";
import { DEFAULT_EVENT_LOG_MAX_LEN, type StorageAdapter } from "@mcpstore/storage";
import { withDebugLogging } from "./core/debug-storage.js";
import { openStorage } from "./core/open-storage.js";
import { newInstanceId, StoreCore } from "./core/store-core.js";
import { tuningOf } from "./core/tuning.js";
import {
  checkStreamOptions,
  type EventStreamOptions,
  type StorageStatusInfo,
  type StoreEvent,
  type StoreEventOf,
  type StoreEventType,
} from "./events.js";
import { consoleLogger, guardedLogger } from "./logger.js";
import { McpJsonSync } from "./mcp-json/mcp-json-sync.js";
import { expandHome } from "./mcp-json/missing-file.js";
import { type SetupOptions, validateSetupOptions } from "./options.js";
import { agentOwner, validateAgentId } from "./owner.js";
import { StoreContext } from "./store-context.js";

const DEFAULT_LEASE_MS = 60_000;
const FOLLOW_BLOCK_MS = 2_000;
const DEFAULT_CLOSE_TIMEOUT_MS = 10_000;

/**
 * One store for many MCP servers. `await MCPStore.setupStore()` runs on memory;
 * `await MCPStore.setupStore({ redis: { url, namespace, dataspace } })` persists and shares the
 * registry, caches, states and stats in Redis (standalone, Sentinel or Cluster) so several processes
 * see one view. Use `forStore()` for everything, `forAgent(id)` for one agent's services.
 */
export class MCPStore implements AsyncIterable<StoreEvent> {
  readonly #core: StoreCore;
  readonly #mcpJson: McpJsonSync | undefined;
  readonly #store: StoreContext;
  readonly #agents = new Map<string, StoreContext>();

  private constructor(core: StoreCore, mcpJson: McpJsonSync | undefined) {
    this.#core = core;
    this.#mcpJson = mcpJson;
    this.#store = StoreContext.create(core, { kind: "store" });
  }

  /**
   * Creates a store: opens storage (memory, Redis, or the adapter given), loads the dataspace's
   * registry, connects every service in it, and loads `mcpJson` if given. Rejects with OPTIONS_INVALID
   * for bad options, STORAGE_REDIS_MISSING when Redis is configured but `@mcpstore/storage-redis` is
   * not installed, STORAGE_UNREACHABLE with `fallback: "error"`.
   */
  static async setupStore(options: SetupOptions = {}): Promise<MCPStore> {
    validateSetupOptions(options);
    const debug = options.debug === true;
    const logger = options.logger ? guardedLogger(options.logger, debug) : consoleLogger(debug);
    const opened = await openStorage(options, logger);
    let core: StoreCore | undefined;
    try {
      const keyspace = createKeyspace({
        namespace: opened.namespace,
        dataspace: opened.dataspace,
        cluster: opened.storage.capabilities.cluster,
      });
      const storage = debug ? withDebugLogging(opened.storage, logger) : opened.storage;
      const instanceId = options.instanceId ?? newInstanceId();
      core = new StoreCore({
        storage,
        ownsStorage: opened.owned,
        keyspace,
        instanceId,
        logger,
        memoryFallback: opened.memoryFallback,
        fallbackError: opened.fallbackError,
        connection: {
          env: options.env ?? process.env,
          ...(opened.healthcheckIntervalMs === undefined
            ? {}
            : { healthcheckIntervalMs: opened.healthcheckIntervalMs }),
          ...(options.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: options.requestTimeoutMs }),
        },
        outageQueueLimit: options.outageQueueLimit ?? 10_000,
        statsFlushIntervalMs: options.statsFlushIntervalMs ?? 1_000,
        leaseMs: keyspace.autoDataspace ? (options.autoDataspaceLeaseMs ?? DEFAULT_LEASE_MS) : undefined,
        followBlockMs: FOLLOW_BLOCK_MS,
        eventLogMaxLen: options.eventLogMaxLen ?? DEFAULT_EVENT_LOG_MAX_LEN,
        closeTimeoutMs: options.closeTimeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS,
        spillFile: options.spillFile,
        tuning: tuningOf(options),
      });
      await core.start();
      let mcpJson: McpJsonSync | undefined;
      const store = (s: McpJsonSync | undefined) => new MCPStore(core!, s);
      if (options.mcpJson !== undefined) {
        const cfg = typeof options.mcpJson === "string" ? { path: options.mcpJson } : options.mcpJson;
        mcpJson = new McpJsonSync(
          expandHome(cfg.path),
          cfg.writeBack === true,
          cfg.create === true,
          core,
          logger,
        );
        const created = store(mcpJson);
        await mcpJson.load(created.forStore());
        logger.debug("store ready", {
          namespace: keyspace.namespace,
          dataspace: keyspace.dataspace,
          instanceId,
        });
        return created;
      }
      logger.debug("store ready", {
        storage: core.storageStatus.kind,
        namespace: keyspace.namespace,
        dataspace: keyspace.dataspace,
        instanceId,
      });
      return store(undefined);
    } catch (error) {
      if (core) await core.close().catch(() => {});
      else if (opened.owned) await opened.storage.close().catch(() => {});
      throw error;
    }
  }

  /** The storage adapter in use (memory when Redis fell back). */
  get storage(): StorageAdapter {
    return this.#core.config.storage;
  }

  /** The namespace in use: isolates applications sharing one Redis. */
  get namespace(): string {
    return this.#core.config.keyspace.namespace;
  }

  /** The dataspace in use: the configured one, or the generated id for `"auto"`. */
  get dataspace(): string {
    return this.#core.config.keyspace.dataspace;
  }

  /** This instance's id in shared state (`services:*:state` fields, events). */
  get instanceId(): string {
    return this.#core.instanceId;
  }

  /** Storage health: "ok", "degraded" (unreachable, writes queued) or "memory-fallback". No round trip. */
  get storageStatus(): StorageStatusInfo {
    return this.#core.storageStatus;
  }

  /** The store view: every service of the dataspace, with its owner. */
  forStore(): StoreContext {
    return this.#store;
  }

  /** One agent's view: only the services added through this agent id, by their local names. */
  forAgent(agentId: string): StoreContext {
    const id = validateAgentId(agentId);
    let ctx = this.#agents.get(id);
    if (!ctx) {
      ctx = StoreContext.create(this.#core, agentOwner(id) as { kind: "agent"; agentId: string });
      this.#agents.set(id, ctx);
    }
    return ctx;
  }

  /** Subscribes to one event type (or "*" for all); returns the unsubscribe function. */
  on<T extends StoreEventType>(type: T, listener: (event: StoreEventOf<T>) => void): () => void;
  /** Subscribes to every event; returns the unsubscribe function. */
  on(type: "*", listener: (event: StoreEvent) => void): () => void;
  on(type: StoreEventType | "*", listener: (event: never) => void): () => void {
    return this.#core.bus.on(type, listener as (event: StoreEvent) => void);
  }

  /** Events from now on as an async iterator (ends on `close()`, on `return()`, or on the signal). */
  events(options?: EventStreamOptions): AsyncIterableIterator<StoreEvent> {
    checkStreamOptions(options);
    return this.#core.bus.stream(options);
  }

  /** Iterates the store's events from now on (`for await (const e of store)`); same as `events()`. */
  [Symbol.asyncIterator](): AsyncIterator<StoreEvent> {
    return this.events();
  }

  /**
   * Writes what is normally written in the background — call stats, this instance's service states,
   * fetched catalogs — now, and replays changes queued during an outage. Covers every call made before
   * it. Useful before reading them from storage (or another process). Rejects with
   * `UnwrittenChangesError` (code STORAGE_UNWRITTEN) if storage is unreachable; what it lists stays
   * queued.
   */
  flush(): Promise<void> {
    return this.#core.flush();
  }

  /**
   * Writes what storage does not have yet (queued changes, stats; waiting up to `closeTimeoutMs` if
   * storage is unreachable), withdraws this instance's state, closes every connection (killing stdio
   * process trees), deletes an auto dataspace, waits for mcp.json write-back, and closes storage it
   * opened. Everything is closed either way; if something could not be written it rejects with
   * `UnwrittenChangesError` listing it (saved to `spillFile` if set). Idempotent.
   */
  async close(): Promise<void> {
    this.#mcpJson?.stop();
    await this.#mcpJson?.flush();
    await this.#core.close();
  }
}

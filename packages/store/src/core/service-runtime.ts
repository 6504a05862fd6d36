import {
  type Catalog,
  type ConnectionOptions,
  ServiceConnection,
  type ServiceState,
  type StateChange,
} from "@mcpstore/mcp-client";
import type { MirrorRecord } from "../sync/mirror.js";
import type { CatalogCache } from "../sync/records.js";
import type { ToolDescriptor } from "../tools/name-table.js";

type Resource = Catalog["resources"][number];
type ResourceTemplate = Catalog["resourceTemplates"][number];
type Prompt = Catalog["prompts"][number];

/** What a service offers as this instance currently serves it. */
export interface ServedCatalog {
  readonly tools: readonly ToolDescriptor[];
  readonly resources: readonly Resource[];
  readonly resourceTemplates: readonly ResourceTemplate[];
  readonly prompts: readonly Prompt[];
  readonly fetchedAt: number | undefined;
  /**
   * True when this is not our own connection's live catalog: the last-known one from storage (fetched
   * by another instance or an earlier run), served until our connection is ready.
   */
  readonly stale: boolean;
  readonly hash: string | undefined;
}

export interface RuntimeHooks {
  onState(runtime: ServiceRuntime, change: StateChange): void;
  onCatalog(runtime: ServiceRuntime, catalog: Catalog): void;
}

const EMPTY: ServedCatalog = Object.freeze({
  tools: [],
  resources: [],
  resourceTemplates: [],
  prompts: [],
  fetchedAt: undefined,
  stale: true,
  hash: undefined,
});

function isToolDescriptor(v: unknown): v is ToolDescriptor {
  return (
    typeof v === "object" &&
    v !== null &&
    typeof (v as { name?: unknown }).name === "string" &&
    typeof (v as { inputSchema?: unknown }).inputSchema === "object"
  );
}

function hasName(v: unknown): boolean {
  return typeof v === "object" && v !== null && typeof (v as { name?: unknown }).name === "string";
}

/**
 * One service in this store instance: its registry record, its own supervised connection, and the
 * last-known catalog from storage to serve (marked stale) until the connection has its own.
 */
export class ServiceRuntime {
  #record: MirrorRecord;
  #connection: ServiceConnection;
  #offs: (() => void)[] = [];
  #cached: CatalogCache | null = null;
  #served: ServedCatalog | undefined;
  #closed = false;

  constructor(
    record: MirrorRecord,
    private readonly options: ConnectionOptions,
    private readonly hooks: RuntimeHooks,
  ) {
    this.#record = record;
    this.#connection = this.#connect(record);
  }

  get record(): MirrorRecord {
    return this.#record;
  }

  get name(): string {
    return this.#record.name;
  }

  get connection(): ServiceConnection {
    return this.#connection;
  }

  get state(): ServiceState {
    return this.#connection.state;
  }

  /** The catalog to serve: our connection's when it is usable, else the cached one (stale). */
  get catalog(): ServedCatalog {
    this.#served ??= this.#computeCatalog();
    return this.#served;
  }

  /** Metadata-only change (version bump with the same definition): keep the connection. */
  setRecord(record: MirrorRecord): void {
    this.#record = record;
  }

  /** New definition: the old connection goes, a new one starts. */
  async replace(record: MirrorRecord): Promise<void> {
    const old = this.#connection;
    for (const off of this.#offs) off();
    this.#offs = [];
    this.#record = record;
    this.#cached = null;
    this.#served = undefined;
    this.#connection = this.#connect(record);
    await old.close();
  }

  /**
   * A catalog snapshot from storage; served only while our own connection has none. Resolves to
   * whether what this runtime serves changed (views must be rebuilt).
   */
  setCached(cache: CatalogCache | null): boolean {
    if (cache && cache.version !== this.#record.version) return false;
    if (cache?.hash === this.#cached?.hash) return false;
    this.#cached = cache;
    const servedCache = this.#served === undefined || this.#served.stale;
    this.#served = undefined;
    return servedCache;
  }

  get cachedHash(): string | undefined {
    return this.#cached?.hash;
  }

  restart(): Promise<void> {
    return this.#connection.reconnect();
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#connection.close();
    for (const off of this.#offs) off();
    this.#offs = [];
  }

  get closed(): boolean {
    return this.#closed;
  }

  #connect(record: MirrorRecord): ServiceConnection {
    // The connection is named by the store-view name so its errors and logs say which service it is.
    const connection = new ServiceConnection({ ...record.definition, name: record.name }, this.options);
    this.#offs.push(
      connection.on("state", (change) => {
        if (connection !== this.#connection) return;
        this.#served = undefined;
        this.hooks.onState(this, change);
      }),
      connection.on("catalog", (catalog) => {
        if (connection !== this.#connection) return;
        this.#served = undefined;
        this.hooks.onCatalog(this, catalog);
      }),
    );
    // start() settles on the first attempt and never rejects for connection failures; a rejection
    // only means close() came first, which is fine here.
    connection.start().catch(() => {});
    return connection;
  }

  #computeCatalog(): ServedCatalog {
    const own = this.#connection.catalog;
    const usable = this.#connection.state === "healthy" || this.#connection.state === "warning";
    if (own && usable) {
      return Object.freeze({
        tools: own.tools as ToolDescriptor[],
        resources: own.resources,
        resourceTemplates: own.resourceTemplates,
        prompts: own.prompts,
        fetchedAt: own.fetchedAt,
        stale: false,
        hash: undefined,
      });
    }
    const cache = this.#cached;
    if (cache) {
      return Object.freeze({
        tools: cache.tools.filter(isToolDescriptor),
        resources: cache.resources.filter(hasName) as Resource[],
        resourceTemplates: cache.resourceTemplates.filter(hasName) as ResourceTemplate[],
        prompts: cache.prompts.filter(hasName) as Prompt[],
        fetchedAt: cache.fetchedAt,
        stale: true,
        hash: cache.hash,
      });
    }
    if (own) {
      // Our own last catalog, from before the connection dropped: still the best we know.
      return Object.freeze({
        tools: own.tools as ToolDescriptor[],
        resources: own.resources,
        resourceTemplates: own.resourceTemplates,
        prompts: own.prompts,
        fetchedAt: own.fetchedAt,
        stale: true,
        hash: undefined,
      });
    }
    return EMPTY;
  }
}

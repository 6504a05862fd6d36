import {
  type BatchResult,
  LOG_START,
  type LockHandle,
  type StorageAdapter,
  type StorageCapabilities,
  type StorageStatusEvent,
  type StoredEvent,
  type VersionedValue,
  type WriteOp,
} from "./adapter.js";
import {
  assertFieldNames,
  assertFields,
  assertInteger,
  assertKey,
  assertKeys,
  assertOptionalTtlMs,
  assertReadOptions,
  assertString,
  assertTtlMs,
  assertWriteOps,
} from "./arguments.js";
import { StorageClosedError, StorageInvalidArgumentError, type ValueKind, wrongKindError } from "./errors.js";
import { parseEventId } from "./event-ids.js";
import { applyBatch, hashAt, incrementedField, KIND_NAMES } from "./memory-batch.js";
import {
  type EntryType,
  MemoryDatabase,
  type MemoryDatabaseOptions,
  type MemoryEntry,
} from "./memory-database.js";
import { readStreamAfter } from "./memory-stream.js";
import type { StorageStatus } from "./status.js";
import { StatusEmitter } from "./status-emitter.js";

export interface MemoryAdapterOptions extends MemoryDatabaseOptions {
  /**
   * Data to share with other MemoryAdapters of this process (each gets the view two Redis clients
   * would have). By default every adapter has its own, dropped on `close()`.
   */
  database?: MemoryDatabase;
}

/**
 * In-process storage with the same semantics as the Redis adapters: TTL expiry, versioned
 * compare-and-set, locks, capped event logs with blocking reads. The embedded default of MCPStore.
 */
export class MemoryAdapter implements StorageAdapter {
  readonly kind = "memory";
  readonly capabilities: StorageCapabilities = {
    persistent: false,
    shared: false,
    blockingReads: true,
    cluster: false,
  };
  readonly #db: MemoryDatabase;
  readonly #ownsDatabase: boolean;
  readonly #status = new StatusEmitter("ready");
  readonly #wakeOnClose = new Set<(error: Error) => void>();

  constructor(options: MemoryAdapterOptions = {}) {
    this.#ownsDatabase = options.database === undefined;
    this.#db = options.database ?? new MemoryDatabase(options);
  }

  get status(): StorageStatus {
    return this.#status.status;
  }

  onStatus(listener: (event: StorageStatusEvent) => void): () => void {
    return this.#status.on(listener);
  }

  async get(key: string): Promise<string | null> {
    this.#open();
    assertKey(key);
    return this.#typed(key, "string", "document")?.value ?? null;
  }

  async getMany(keys: readonly string[]): Promise<(string | null)[]> {
    this.#open();
    assertKeys(keys);
    return keys.map((key) => {
      const entry = this.#db.lookup(key);
      return entry?.type === "string" ? entry.value : null;
    });
  }

  async set(key: string, value: string, options?: { ttlMs?: number }): Promise<void> {
    this.#open();
    assertKey(key);
    assertString(value, "value");
    assertOptionalTtlMs(options?.ttlMs);
    this.#db.put(key, { type: "string", value }, options?.ttlMs);
  }

  async setMany(entries: readonly { key: string; value: string; ttlMs?: number }[]): Promise<void> {
    this.#open();
    if (!Array.isArray(entries)) throw new StorageInvalidArgumentError("Invalid entries: expected an array");
    for (const entry of entries) {
      assertKey(entry?.key);
      assertString(entry.value, `value of ${JSON.stringify(entry.key)}`);
      assertOptionalTtlMs(entry.ttlMs);
    }
    for (const { key, value, ttlMs } of entries) this.#db.put(key, { type: "string", value }, ttlMs);
  }

  async delete(...keys: string[]): Promise<number> {
    this.#open();
    assertKeys(keys);
    let existed = 0;
    for (const key of new Set(keys)) if (this.#db.lookup(key) && this.#db.remove(key)) existed++;
    return existed;
  }

  async expire(keys: readonly string[], ttlMs: number): Promise<number> {
    this.#open();
    assertKeys(keys);
    assertTtlMs(ttlMs);
    let existed = 0;
    for (const key of keys) {
      if (!this.#db.lookup(key)) continue;
      this.#db.setExpiry(key, ttlMs);
      existed++;
    }
    return existed;
  }

  async hgetall(key: string): Promise<Record<string, string>> {
    this.#open();
    assertKey(key);
    return Object.fromEntries(this.#typed(key, "hash", "hash")?.fields ?? []);
  }

  async hset(key: string, fields: Readonly<Record<string, string>>): Promise<void> {
    this.#open();
    assertKey(key);
    assertFields(fields);
    const entries = Object.entries(fields);
    if (entries.length === 0) return;
    const hash = hashAt(this.#db, key, "hash");
    for (const [field, value] of entries) hash.fields.set(field, value);
  }

  async hdel(key: string, fields: readonly string[]): Promise<number> {
    this.#open();
    assertKey(key);
    assertFieldNames(fields);
    const hash = this.#typed(key, "hash", "hash");
    if (!hash) return 0;
    let removed = 0;
    for (const field of new Set(fields)) if (hash.fields.delete(field)) removed++;
    if (hash.fields.size === 0) this.#db.remove(key);
    return removed;
  }

  async hincrby(key: string, field: string, by: number): Promise<number> {
    this.#open();
    assertKey(key);
    assertString(field, "field");
    assertInteger(by, "by");
    const existing = this.#typed(key, "hash", "hash");
    const next = incrementedField(key, field, existing?.fields.get(field), by);
    hashAt(this.#db, key, "hash").fields.set(field, String(next));
    return next;
  }

  async getVersioned(key: string): Promise<VersionedValue | null> {
    this.#open();
    assertKey(key);
    return this.#versioned(key);
  }

  async getManyVersioned(keys: readonly string[]): Promise<(VersionedValue | null)[]> {
    this.#open();
    assertKeys(keys);
    return keys.map((key) => this.#versioned(key));
  }

  async batch(ops: readonly WriteOp[]): Promise<BatchResult> {
    this.#open();
    assertWriteOps(ops);
    return applyBatch(this.#db, ops);
  }

  async acquireLock(key: string, ttlMs: number): Promise<LockHandle | null> {
    this.#open();
    assertKey(key);
    assertTtlMs(ttlMs);
    if (this.#db.lookup(key)) return null;
    const token = globalThis.crypto.randomUUID();
    this.#db.put(key, { type: "string", value: token }, ttlMs);
    return { key, token };
  }

  async releaseLock(lock: LockHandle): Promise<boolean> {
    this.#open();
    if (!this.#holds(lock)) return false;
    this.#db.remove(lock.key);
    return true;
  }

  async extendLock(lock: LockHandle, ttlMs: number): Promise<boolean> {
    this.#open();
    assertTtlMs(ttlMs);
    if (!this.#holds(lock)) return false;
    this.#db.setExpiry(lock.key, ttlMs);
    return true;
  }

  async lastEventId(key: string): Promise<string> {
    this.#open();
    assertKey(key);
    return this.#typed(key, "stream", "event log")?.events.at(-1)?.id ?? LOG_START;
  }

  async firstEventId(key: string): Promise<string> {
    this.#open();
    assertKey(key);
    return this.#typed(key, "stream", "event log")?.events[0]?.id ?? LOG_START;
  }

  async readEvents(
    key: string,
    afterId: string,
    options?: { count?: number; blockMs?: number },
  ): Promise<StoredEvent[]> {
    this.#open();
    assertKey(key);
    const after = parseEventId(afterId);
    assertReadOptions(options);
    const count = options?.count;
    const readNow = () => {
      const stream = this.#typed(key, "stream", "event log");
      return stream ? readStreamAfter(stream, after, count) : [];
    };
    const ready = readNow();
    const blockMs = options?.blockMs ?? 0;
    if (ready.length > 0 || blockMs === 0) return ready;
    return new Promise<StoredEvent[]>((resolve, reject) => {
      const finish = () => {
        clearTimeout(timer);
        unsubscribe();
        this.#wakeOnClose.delete(onClose);
      };
      const onClose = (error: Error) => {
        finish();
        reject(error);
      };
      const unsubscribe = this.#db.onAppend(key, () => {
        try {
          const events = readNow();
          if (events.length === 0) return;
          finish();
          resolve(events);
        } catch (error) {
          finish();
          reject(error);
        }
      });
      const timer = setTimeout(() => {
        finish();
        resolve([]);
      }, blockMs);
      this.#wakeOnClose.add(onClose);
    });
  }

  async scanPrefix(prefix: string): Promise<string[]> {
    this.#open();
    assertString(prefix, "prefix");
    return [...this.#db.keys()].filter((key) => key.startsWith(prefix));
  }

  async ping(): Promise<void> {
    this.#open();
  }

  async close(): Promise<void> {
    if (this.#status.status === "closed") return;
    this.#status.set("closed");
    this.#status.clear();
    for (const wake of [...this.#wakeOnClose])
      wake(new StorageClosedError("The storage adapter was closed during a blocking read"));
    if (this.#ownsDatabase) this.#db.clear();
  }

  #open(): void {
    if (this.#status.status === "closed") throw new StorageClosedError();
  }

  #typed<T extends EntryType>(
    key: string,
    type: T,
    wanted: ValueKind,
  ): Extract<MemoryEntry, { type: T }> | undefined {
    const entry = this.#db.lookup(key);
    if (!entry) return undefined;
    if (entry.type !== type) throw wrongKindError(key, wanted, KIND_NAMES[entry.type]);
    return entry as Extract<MemoryEntry, { type: T }>;
  }

  #versioned(key: string): VersionedValue | null {
    const fields = this.#typed(key, "hash", "versioned document")?.fields;
    const version = fields?.get("version");
    return fields && version !== undefined
      ? { value: fields.get("value") ?? "", version: Number(version) }
      : null;
  }

  #holds(lock: LockHandle): boolean {
    if (lock === null || typeof lock !== "object")
      throw new StorageInvalidArgumentError("Invalid lock: expected { key, token }");
    assertKey(lock.key, "lock key");
    assertString(lock.token, "lock token");
    return this.#typed(lock.key, "string", "lock")?.value === lock.token;
  }
}

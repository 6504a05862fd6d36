import { performance } from "node:perf_hooks";

export interface StoredStreamEvent {
  readonly id: string;
  readonly ms: number;
  readonly seq: number;
  readonly payload: string;
}

export type MemoryEntry =
  | { type: "string"; value: string; expiresAt?: number }
  | { type: "hash"; fields: Map<string, string>; expiresAt?: number }
  | { type: "stream"; events: StoredStreamEvent[]; lastMs: number; lastSeq: number; expiresAt?: number };

export type EntryType = MemoryEntry["type"];

export interface MemoryDatabaseOptions {
  /** How often keys with a TTL that nobody reads are swept out. Default 1000 ms. */
  sweepIntervalMs?: number;
}

/**
 * The data behind one or more MemoryAdapters of a process: typed entries with expiry (lazy on access,
 * plus a periodic sweep so expired keys nobody reads do not pile up) and append notifications for
 * blocking reads. Share one between adapters to give them the same view, as two Redis clients have.
 */
export class MemoryDatabase {
  readonly #entries = new Map<string, MemoryEntry>();
  readonly #expiring = new Set<string>();
  readonly #appendListeners = new Map<string, Set<() => void>>();
  readonly #sweepIntervalMs: number;
  #sweeper: NodeJS.Timeout | undefined;

  constructor(options: MemoryDatabaseOptions = {}) {
    this.#sweepIntervalMs = options.sweepIntervalMs ?? 1000;
  }

  /** Entries held, counting expired ones the sweeper has not reached yet. */
  get size(): number {
    return this.#entries.size;
  }

  /** The live entry at `key`, dropping it first if it has expired. */
  lookup(key: string): MemoryEntry | undefined {
    const entry = this.#entries.get(key);
    if (entry?.expiresAt !== undefined && entry.expiresAt <= performance.now()) {
      this.remove(key);
      return undefined;
    }
    return entry;
  }

  /** Stores `entry` at `key` (replacing what was there) with the given TTL, or none. */
  put(key: string, entry: MemoryEntry, ttlMs?: number): void {
    this.#entries.set(key, entry);
    this.setExpiry(key, ttlMs);
  }

  remove(key: string): boolean {
    this.#expiring.delete(key);
    return this.#entries.delete(key);
  }

  /** Sets the TTL of an existing entry (`undefined` removes it). */
  setExpiry(key: string, ttlMs: number | undefined): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    if (ttlMs === undefined) {
      delete entry.expiresAt;
      this.#expiring.delete(key);
      return;
    }
    entry.expiresAt = performance.now() + ttlMs;
    this.#expiring.add(key);
    this.#startSweeping();
  }

  *keys(): Iterable<string> {
    for (const key of [...this.#entries.keys()]) if (this.lookup(key)) yield key;
  }

  /** Calls `listener` after each append to `key`; returns the unsubscribe function. */
  onAppend(key: string, listener: () => void): () => void {
    let listeners = this.#appendListeners.get(key);
    if (!listeners) {
      listeners = new Set();
      this.#appendListeners.set(key, listeners);
    }
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0) this.#appendListeners.delete(key);
    };
  }

  notifyAppend(key: string): void {
    for (const listener of [...(this.#appendListeners.get(key) ?? [])]) listener();
  }

  /** Drops every entry and stops the sweeper. */
  clear(): void {
    this.#entries.clear();
    this.#expiring.clear();
    clearInterval(this.#sweeper);
    this.#sweeper = undefined;
  }

  #startSweeping(): void {
    if (this.#sweeper) return;
    this.#sweeper = setInterval(() => {
      for (const key of [...this.#expiring]) this.lookup(key);
      if (this.#expiring.size === 0) {
        clearInterval(this.#sweeper);
        this.#sweeper = undefined;
      }
    }, this.#sweepIntervalMs);
    // Expiry housekeeping must never keep a process alive.
    this.#sweeper.unref();
  }
}

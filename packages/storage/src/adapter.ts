import type { StorageStatus } from "./status.js";

/**
 * What a backend can and cannot do, so the store and the compliance suite adapt instead of guessing.
 */
export interface StorageCapabilities {
  /** Data outlives the process (Redis: true; memory: false). */
  readonly persistent: boolean;
  /** Other processes see the same data. */
  readonly shared: boolean;
  /** `readEvents` with `blockMs` waits for new entries instead of polling. */
  readonly blockingReads: boolean;
  /** Keys are spread over slots; a multi-key operation must keep its keys in one slot (hash tag). */
  readonly cluster: boolean;
}

/** A document with a monotonically increasing version (starts at 1 on first write). */
export interface VersionedValue {
  readonly value: string;
  readonly version: number;
}

/** One entry of an event log. Ids are ordered strings (`<ms>-<seq>`, as Redis Streams). */
export interface StoredEvent {
  readonly id: string;
  readonly payload: string;
}

/** The id before every event: reading after it returns the log from its start. */
export const LOG_START = "0-0";

/** How many entries an event log keeps (roughly) when an `append` gives no `maxLen`. */
export const DEFAULT_EVENT_LOG_MAX_LEN = 10_000;

/**
 * One write in a {@link StorageAdapter.batch}. Every key of one batch must share a Cluster slot (the
 * keyspace's hash tag guarantees that for keys of one dataspace). `ttlMs` on `set` and `putVersioned`
 * replaces the key's time to live; without it the key no longer expires (as Redis `SET`). `hset`,
 * `hdel`, `hincrby` and `append` keep the key's time to live.
 */
export type WriteOp =
  | { readonly op: "set"; readonly key: string; readonly value: string; readonly ttlMs?: number }
  | { readonly op: "delete"; readonly key: string }
  | { readonly op: "hset"; readonly key: string; readonly fields: Readonly<Record<string, string>> }
  | { readonly op: "hdel"; readonly key: string; readonly fields: readonly string[] }
  | { readonly op: "hincrby"; readonly key: string; readonly field: string; readonly by: number }
  | { readonly op: "expire"; readonly key: string; readonly ttlMs: number }
  /**
   * Writes a versioned document. `expectedVersion`: a number means "only if the current version is
   * exactly this"; `null` (or 0) means "only if it does not exist"; `undefined` means unconditional. The
   * new version is the old one + 1 (1 for a new document). `deleteVersioned` removes it under the same
   * kind of condition; its entry in `versions` is 0. A versioned document is a hash with the fields
   * `value` and `version`, so `delete`, `expire` and `scanPrefix` work on it like on any key.
   */
  | {
      readonly op: "putVersioned";
      readonly key: string;
      readonly value: string;
      readonly expectedVersion?: number | null;
      readonly ttlMs?: number;
      /**
       * The version to give the document instead of the current one + 1, so a caller can keep
       * versions growing across a document's deletion (e.g. from a counter). It must be greater than
       * the current version; when it is not, the batch fails with a conflict as a failed
       * `expectedVersion` does.
       */
      readonly version?: number;
    }
  | { readonly op: "deleteVersioned"; readonly key: string; readonly expectedVersion?: number }
  /**
   * Writes nothing: the batch applies only if the versioned document's version is `expectedVersion`
   * (`null` or 0: it must not exist); otherwise it fails with a conflict like a versioned write. Lets
   * background writes be conditioned on a document they do not change (e.g. "the service still has
   * the config version I saw"). A key appears at most once per batch among versioned ops and checks.
   */
  | { readonly op: "checkVersion"; readonly key: string; readonly expectedVersion: number | null }
  /**
   * Appends to a capped event log; the log keeps at least the newest `maxLen` entries (default
   * {@link DEFAULT_EVENT_LOG_MAX_LEN}) and trims older ones in chunks, as Redis `XADD MAXLEN ~`.
   */
  | { readonly op: "append"; readonly key: string; readonly payload: string; readonly maxLen?: number };

/** Outcome of a batch: either every op was applied, or none was (a version condition failed). */
export type BatchResult =
  | {
      readonly ok: true;
      /** New version of each versioned key written, by key. */
      readonly versions: Readonly<Record<string, number>>;
      /** Id of each appended event, in op order. */
      readonly eventIds: readonly string[];
    }
  | {
      readonly ok: false;
      /** Every versioned key whose condition failed, with the version found (0 = absent). */
      readonly conflicts: readonly {
        readonly key: string;
        readonly expected: number | null;
        readonly actual: number;
      }[];
    };

/** A held lock: release and extend only succeed with the token of the current holder. */
export interface LockHandle {
  readonly key: string;
  readonly token: string;
}

/** Connection-level happenings of a shared backend, for `storageStatus` and logs. */
export interface StorageStatusEvent {
  readonly status: StorageStatus;
  readonly error?: Error;
}

/**
 * What MCPStore needs from a storage backend, and nothing more. Every method either does what it says
 * or rejects with a {@link import("./errors.js").StorageError} subclass; none hangs past the adapter's
 * configured command timeout. Keys are opaque strings built by `@mcpstore/keyspace`.
 */
export interface StorageAdapter {
  /** Short backend name for logs and `storageStatus`: "memory", "redis", "redis-cluster", ... */
  readonly kind: string;
  readonly capabilities: StorageCapabilities;

  // Documents
  get(key: string): Promise<string | null>;
  /**
   * Values for `keys` in order, `null` where absent (or not a plain document, as Redis `MGET`). One round
   * trip (in Cluster: one per slot, so one for keys of one dataspace).
   */
  getMany(keys: readonly string[]): Promise<(string | null)[]>;
  /** Stores a document. With `ttlMs` it expires after that long; without, any earlier TTL is removed. */
  set(key: string, value: string, options?: { ttlMs?: number }): Promise<void>;
  /** Writes every entry in one round trip (not atomic across slots; use `batch` for that). */
  setMany(entries: readonly { key: string; value: string; ttlMs?: number }[]): Promise<void>;
  /** Deletes the keys; resolves to how many existed. Works for every kind of key. */
  delete(...keys: string[]): Promise<number>;
  /** Sets (or refreshes) a time to live on existing keys; one round trip; resolves to how many existed. */
  expire(keys: readonly string[], ttlMs: number): Promise<number>;

  // Hashes
  hgetall(key: string): Promise<Record<string, string>>;
  hset(key: string, fields: Readonly<Record<string, string>>): Promise<void>;
  hdel(key: string, fields: readonly string[]): Promise<number>;
  /**
   * Atomic increment; creates the field at 0 first. Resolves to the new value. Rejects with
   * StorageWrongTypeError if the field holds something other than a whole number.
   */
  hincrby(key: string, field: string, by: number): Promise<number>;

  // Versioned documents
  getVersioned(key: string): Promise<VersionedValue | null>;
  /** One round trip for all keys. */
  getManyVersioned(keys: readonly string[]): Promise<(VersionedValue | null)[]>;

  /**
   * Applies all ops atomically and in order, or none of them if any version condition fails.
   * One round trip. Version conditions are checked against the state before the batch; a versioned key
   * may appear at most once per batch. Every op is checked before anything is applied: a bad argument
   * rejects with StorageInvalidArgumentError, an op on a key of the wrong kind with
   * StorageWrongTypeError, keys of different Cluster slots with StorageCrossSlotError — and nothing is
   * applied.
   */
  batch(ops: readonly WriteOp[]): Promise<BatchResult>;

  // Locks
  /** Takes the lock if free (the key does not exist); `null` if someone holds it. The token is random. */
  acquireLock(key: string, ttlMs: number): Promise<LockHandle | null>;
  /** Releases only if `lock.token` still holds it; resolves to whether it did. */
  releaseLock(lock: LockHandle): Promise<boolean>;
  /** Extends only if `lock.token` still holds it; resolves to whether it did. */
  extendLock(lock: LockHandle, ttlMs: number): Promise<boolean>;

  // Event log
  /** Id of the newest entry, or {@link LOG_START} when the log is empty or missing. */
  lastEventId(key: string): Promise<string>;
  /**
   * Id of the oldest entry still in the log (older ones were trimmed by the cap), or {@link LOG_START}
   * when the log is empty or missing. One round trip. A reader whose position is older than this id
   * may have missed trimmed entries and should reload a snapshot instead of reading on.
   */
  firstEventId(key: string): Promise<string>;
  /**
   * Entries with an id greater than `afterId`, oldest first, at most `count` (default: all). With
   * `blockMs` > 0, waits up to that long for the first new entry when there is none and resolves to `[]`
   * if none came (rejects early only on close, with StorageClosedError); 0 or absent does not wait.
   * Blocking reads never delay other commands of the same adapter.
   */
  readEvents(
    key: string,
    afterId: string,
    options?: { count?: number; blockMs?: number },
  ): Promise<StoredEvent[]>;

  // Discovery
  /** Every key that starts with `prefix` (on every master in Cluster). Order unspecified. */
  scanPrefix(prefix: string): Promise<string[]>;

  // Lifecycle
  /** Round trip to the backend; rejects with StorageUnavailableError when it cannot be reached. */
  ping(): Promise<void>;
  /** Current connection status. Memory is always "ready". */
  readonly status: StorageStatus;
  /** Subscribes to status changes; returns the unsubscribe function. */
  onStatus(listener: (event: StorageStatusEvent) => void): () => void;
  /** Releases connections and timers; wakes blocked readers. Idempotent. */
  close(): Promise<void>;
}

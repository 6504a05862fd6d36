import { MCPStoreError } from "@mcpstore/errors";
import type { BatchResult } from "./adapter.js";

/** Every stable code a storage error can carry. */
export type StorageErrorCode =
  | "STORAGE_UNAVAILABLE"
  | "STORAGE_TIMEOUT"
  | "STORAGE_AUTH"
  | "STORAGE_CONFLICT"
  | "STORAGE_CONFIG"
  | "STORAGE_CLOSED"
  | "STORAGE_CROSS_SLOT"
  | "STORAGE_WRONG_TYPE"
  | "STORAGE_INVALID_ARGUMENT"
  | "STORAGE_COMMAND";

/**
 * Base of every error a storage adapter rejects with (itself an `MCPStoreError`). Match on `code`,
 * which never changes.
 */
export class StorageError extends MCPStoreError {
  declare readonly code: StorageErrorCode;

  constructor(code: StorageErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** The backend cannot be reached (down, restarting, failing over). Retrying later may work. */
export class StorageUnavailableError extends StorageError {
  constructor(
    message: string,
    options?: { cause?: unknown; code?: "STORAGE_UNAVAILABLE" | "STORAGE_TIMEOUT" },
  ) {
    super(options?.code ?? "STORAGE_UNAVAILABLE", message, options);
  }
}

/** A command got no answer within the configured timeout. Also a {@link StorageUnavailableError}. */
export class StorageTimeoutError extends StorageUnavailableError {
  readonly timeoutMs: number;

  constructor(message: string, timeoutMs: number, options?: { cause?: unknown }) {
    super(message, { ...options, code: "STORAGE_TIMEOUT" });
    this.timeoutMs = timeoutMs;
  }
}

/** The backend refused the credentials. The message names the host, never the password. */
export class StorageAuthError extends StorageError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("STORAGE_AUTH", message, options);
  }
}

/** A versioned write lost a race: the version found is not the one expected. */
export class StorageConflictError extends StorageError {
  readonly conflicts: readonly {
    readonly key: string;
    readonly expected: number | null;
    readonly actual: number;
  }[];

  constructor(conflicts: StorageConflictError["conflicts"]) {
    const list = conflicts.map(
      (c) => `${c.key} (expected ${c.expected ?? "absent"}, found ${c.actual || "absent"})`,
    );
    super("STORAGE_CONFLICT", `Version conflict on ${list.join(", ")}`);
    this.conflicts = conflicts;
  }
}

/** The adapter's configuration is wrong (bad URL, unknown scheme, invalid option). */
export class StorageConfigError extends StorageError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("STORAGE_CONFIG", message, options);
  }
}

/** The adapter was closed; it will not run commands again. */
export class StorageClosedError extends StorageError {
  constructor(message = "The storage adapter is closed") {
    super("STORAGE_CLOSED", message);
  }
}

/** A multi-key atomic operation named keys of different Cluster slots. Nothing was sent. */
export class StorageCrossSlotError extends StorageError {
  readonly keys: readonly string[];

  constructor(keys: readonly string[]) {
    const shown = keys.slice(0, 5).join(", ") + (keys.length > 5 ? `, … (${keys.length} keys)` : "");
    super(
      "STORAGE_CROSS_SLOT",
      `Keys of one atomic batch must share a Cluster slot (build them with one keyspace): ${shown}`,
    );
    this.keys = keys;
  }
}

/** An operation met a key holding another kind of value (e.g. a hash read as a document). */
export class StorageWrongTypeError extends StorageError {
  readonly key: string | undefined;

  constructor(message: string, key?: string, options?: { cause?: unknown }) {
    super("STORAGE_WRONG_TYPE", message, options);
    this.key = key;
  }
}

/** An argument was rejected before anything was sent or changed (bad TTL, bad event id, ...). */
export class StorageInvalidArgumentError extends StorageError {
  constructor(message: string) {
    super("STORAGE_INVALID_ARGUMENT", message);
  }
}

/** The backend refused a command for a reason not covered above (e.g. out of memory). */
export class StorageCommandError extends StorageError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("STORAGE_COMMAND", message, options);
  }
}

/** Whether `error` came from a storage adapter (optionally: with this code). */
export function isStorageError(error: unknown, code?: StorageErrorCode): error is StorageError {
  return error instanceof StorageError && (code === undefined || error.code === code);
}

/** What kind of value an operation wanted, in the words the error messages use. */
export type ValueKind = "document" | "hash" | "versioned document" | "event log" | "lock";

/** The error for an operation on a key that holds another kind of value. */
export function wrongKindError(key: string, wanted: ValueKind, found?: string): StorageWrongTypeError {
  const holds = found ? `holds a ${found}` : "holds another kind of value";
  return new StorageWrongTypeError(`Key ${JSON.stringify(key)} ${holds}, not a ${wanted}`, key);
}

/** Narrows a batch result to success, or throws {@link StorageConflictError} listing the conflicts. */
export function assertApplied(result: BatchResult): asserts result is Extract<BatchResult, { ok: true }> {
  if (!result.ok) throw new StorageConflictError(result.conflicts);
}

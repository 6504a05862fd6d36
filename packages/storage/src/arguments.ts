import type { WriteOp } from "./adapter.js";
import { StorageInvalidArgumentError } from "./errors.js";

// Shared by every adapter so a bad argument gets the same message everywhere and nothing is sent.

const show = (value: unknown) => {
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (value === null || value === undefined || typeof value !== "object") return String(value);
  return Array.isArray(value) ? "an array" : "an object";
};

export function assertKey(key: unknown, what = "key"): asserts key is string {
  if (typeof key !== "string" || key.length === 0) {
    throw new StorageInvalidArgumentError(`Invalid ${what}: expected a non-empty string, got ${show(key)}`);
  }
}

export function assertKeys(keys: unknown, what = "keys"): asserts keys is readonly string[] {
  if (!Array.isArray(keys))
    throw new StorageInvalidArgumentError(`Invalid ${what}: expected an array of keys`);
  for (const key of keys) assertKey(key, `key in ${what}`);
}

export function assertString(value: unknown, what: string): asserts value is string {
  if (typeof value !== "string") {
    throw new StorageInvalidArgumentError(`Invalid ${what}: expected a string, got ${show(value)}`);
  }
}

/** A time to live: a positive whole number of milliseconds. */
export function assertTtlMs(ttlMs: unknown, what = "ttlMs"): asserts ttlMs is number {
  if (typeof ttlMs !== "number" || !Number.isSafeInteger(ttlMs) || ttlMs <= 0) {
    throw new StorageInvalidArgumentError(
      `Invalid ${what}: expected a positive whole number of milliseconds, got ${show(ttlMs)}`,
    );
  }
}

export function assertOptionalTtlMs(ttlMs: unknown, what = "ttlMs"): asserts ttlMs is number | undefined {
  if (ttlMs !== undefined) assertTtlMs(ttlMs, what);
}

export function assertInteger(value: unknown, what: string): asserts value is number {
  if (typeof value !== "number" || !Number.isSafeInteger(value)) {
    throw new StorageInvalidArgumentError(`Invalid ${what}: expected a whole number, got ${show(value)}`);
  }
}

export function assertFields(
  fields: unknown,
  what = "fields",
): asserts fields is Readonly<Record<string, string>> {
  if (fields === null || typeof fields !== "object" || Array.isArray(fields)) {
    throw new StorageInvalidArgumentError(`Invalid ${what}: expected an object of string values`);
  }
  for (const [name, value] of Object.entries(fields))
    assertString(value, `value of field ${JSON.stringify(name)}`);
}

export function assertFieldNames(fields: unknown, what = "fields"): asserts fields is readonly string[] {
  if (!Array.isArray(fields))
    throw new StorageInvalidArgumentError(`Invalid ${what}: expected an array of field names`);
  for (const field of fields) assertString(field, `field name in ${what}`);
}

/** `undefined` (unconditional), `null` or 0 (must be absent), or a version to match. */
export function assertExpectedVersion(value: unknown): asserts value is number | null | undefined {
  if (value === undefined || value === null) return;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw new StorageInvalidArgumentError(
      `Invalid expectedVersion: expected a version number (>= 0), null or undefined, got ${show(value)}`,
    );
  }
}

export interface ReadOptions {
  count?: number;
  blockMs?: number;
}

export function assertReadOptions(options: unknown): asserts options is ReadOptions | undefined {
  if (options === undefined) return;
  if (options === null || typeof options !== "object") {
    throw new StorageInvalidArgumentError("Invalid read options: expected { count?, blockMs? }");
  }
  const { count, blockMs } = options as ReadOptions;
  if (count !== undefined && (!Number.isSafeInteger(count) || count <= 0)) {
    throw new StorageInvalidArgumentError(
      `Invalid count: expected a positive whole number, got ${show(count)}`,
    );
  }
  if (blockMs !== undefined && (!Number.isSafeInteger(blockMs) || blockMs < 0)) {
    throw new StorageInvalidArgumentError(
      `Invalid blockMs: expected a whole number of milliseconds >= 0, got ${show(blockMs)}`,
    );
  }
}

/**
 * Checks every op of a batch before anything is applied: known op names, valid arguments, and each
 * versioned key at most once (its condition is checked against the state before the batch).
 */
export function assertWriteOps(ops: unknown): asserts ops is readonly WriteOp[] {
  if (!Array.isArray(ops))
    throw new StorageInvalidArgumentError("Invalid batch: expected an array of write ops");
  const versioned = new Set<string>();
  ops.forEach((raw: unknown, index) => {
    const at = `batch op #${index}`;
    if (raw === null || typeof raw !== "object")
      throw new StorageInvalidArgumentError(`Invalid ${at}: expected an object`);
    const op = raw as WriteOp;
    assertKey(op.key, `key of ${at}`);
    switch (op.op) {
      case "set":
        assertString(op.value, `value of ${at}`);
        assertOptionalTtlMs(op.ttlMs, `ttlMs of ${at}`);
        return;
      case "delete":
        return;
      case "hset":
        assertFields(op.fields, `fields of ${at}`);
        return;
      case "hdel":
        assertFieldNames(op.fields, `fields of ${at}`);
        return;
      case "hincrby":
        assertString(op.field, `field of ${at}`);
        assertInteger(op.by, `by of ${at}`);
        return;
      case "expire":
        assertTtlMs(op.ttlMs, `ttlMs of ${at}`);
        return;
      case "putVersioned":
      case "deleteVersioned":
      case "checkVersion":
        if (op.op === "putVersioned") {
          assertString(op.value, `value of ${at}`);
          assertOptionalTtlMs(op.ttlMs, `ttlMs of ${at}`);
          if (op.version !== undefined && (!Number.isSafeInteger(op.version) || op.version <= 0)) {
            throw new StorageInvalidArgumentError(
              `Invalid version of ${at}: expected a positive whole number, got ${show(op.version)}`,
            );
          }
        }
        if (op.op === "checkVersion" && op.expectedVersion === undefined) {
          throw new StorageInvalidArgumentError(
            `Invalid expectedVersion of ${at}: a checkVersion needs a version number or null`,
          );
        }
        assertExpectedVersion(op.expectedVersion);
        if (versioned.has(op.key)) {
          throw new StorageInvalidArgumentError(
            `Invalid batch: versioned key ${JSON.stringify(op.key)} is written twice (at most once per batch)`,
          );
        }
        versioned.add(op.key);
        return;
      case "append":
        assertString(op.payload, `payload of ${at}`);
        if (op.maxLen !== undefined && (!Number.isSafeInteger(op.maxLen) || op.maxLen <= 0)) {
          throw new StorageInvalidArgumentError(`Invalid maxLen of ${at}: expected a positive whole number`);
        }
        return;
      default:
        throw new StorageInvalidArgumentError(
          `Invalid ${at}: unknown op ${show((op as { op: unknown }).op)}`,
        );
    }
  });
}

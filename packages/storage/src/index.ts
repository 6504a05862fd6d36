export {
  type BatchResult,
  DEFAULT_EVENT_LOG_MAX_LEN,
  LOG_START,
  type LockHandle,
  type StorageAdapter,
  type StorageCapabilities,
  type StorageStatusEvent,
  type StoredEvent,
  type VersionedValue,
  type WriteOp,
} from "./adapter.js";
export * as checks from "./arguments.js";
export {
  assertApplied,
  isStorageError,
  StorageAuthError,
  StorageClosedError,
  StorageCommandError,
  StorageConfigError,
  StorageConflictError,
  StorageCrossSlotError,
  StorageError,
  type StorageErrorCode,
  StorageInvalidArgumentError,
  StorageTimeoutError,
  StorageUnavailableError,
  StorageWrongTypeError,
  type ValueKind,
  wrongKindError,
} from "./errors.js";
export { compareEventIds, type EventIdParts, parseEventId } from "./event-ids.js";
export { MemoryAdapter, type MemoryAdapterOptions } from "./memory-adapter.js";
export { MemoryDatabase, type MemoryDatabaseOptions } from "./memory-database.js";
export type { StorageStatus } from "./status.js";
export { StatusEmitter } from "./status-emitter.js";

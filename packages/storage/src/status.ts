/**
 * Connection status of a storage backend:
 * - "ready": commands go through.
 * - "connecting": first connection or reconnecting after a loss; commands may fail fast.
 * - "down": lost and not yet back; commands fail with StorageUnavailableError.
 * - "closed": `close()` was called.
 */
export type StorageStatus = "ready" | "connecting" | "down" | "closed";

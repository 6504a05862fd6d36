export type RedisHarnessErrorCode =
  | "REDIS_BINARY_MISSING"
  | "REDIS_START_FAILED"
  | "REDIS_TOPOLOGY_NOT_READY"
  | "REDIS_HARNESS_BAD_MODE"
  | "REDIS_HARNESS_NO_DOCKER"
  | "REDIS_HARNESS_UNSUPPORTED"
  | "REDIS_HARNESS_BAD_INPUT";

/** Every failure of the Redis harness, with a stable `code` a test (or a CI log grep) can rely on. */
export class RedisHarnessError extends Error {
  constructor(
    readonly code: RedisHarnessErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "RedisHarnessError";
  }
}

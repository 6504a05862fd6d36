import { RedisHarnessError } from "./errors.js";

/** Throws REDIS_HARNESS_BAD_INPUT unless `value` is an integer from `min` to `max`. */
export function assertIntegerIn(option: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RedisHarnessError(
      "REDIS_HARNESS_BAD_INPUT",
      `${option} must be an integer from ${min} to ${max}, got ${value}`,
    );
  }
}

/** An empty password would start a server that accepts none; omitting it is the way to say "no password". */
export function assertPasswordNotEmpty(password: string | undefined): void {
  if (password !== undefined && password.length === 0) {
    throw new RedisHarnessError(
      "REDIS_HARNESS_BAD_INPUT",
      "password must not be empty (omit it for no password)",
    );
  }
}

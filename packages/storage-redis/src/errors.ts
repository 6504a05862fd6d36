import {
  isStorageError,
  StorageAuthError,
  StorageClosedError,
  StorageCommandError,
  StorageCrossSlotError,
  type StorageError,
  StorageTimeoutError,
  StorageUnavailableError,
  StorageWrongTypeError,
  type ValueKind,
  wrongKindError,
} from "@mcpstore/storage";

/** What went on when an ioredis error happened, so the storage error can say it. */
export interface ErrorContext {
  /** e.g. `Redis at 127.0.0.1:6379`. */
  readonly target: string;
  readonly timeoutMs: number;
  /** The operation, e.g. "get". */
  readonly operation: string;
  readonly keys?: readonly string[];
  /** What the operation expects a key to hold, for WRONGTYPE messages. */
  readonly wanted?: ValueKind;
  readonly closed?: boolean;
}

const UNAVAILABLE = [
  /^Connection is closed/,
  /Stream isn't writeable/,
  /Cluster isn't ready/,
  /None of startup nodes is available/,
  /Failed to refresh slots cache/,
  /All sentinels are unreachable/,
  /Too many Cluster redirections/,
  /Command aborted due to connection close/,
  /Reached the max retries per request limit/,
  /^(LOADING|MASTERDOWN|CLUSTERDOWN|TRYAGAIN|READONLY|BUSY|NOREPLICAS)\b/,
  /\b(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN|ENOENT)\b/,
  /Socket timeout/,
  /connect ETIMEDOUT/,
];
const AUTH =
  /^(WRONGPASS|NOAUTH|NOPERM)\b|invalid (username-)?password|AUTH .*without any password configured|no password is set/i;

/**
 * A copy of an ioredis error without its `command` (whose args can hold a password when the command was
 * AUTH or HELLO), safe to attach as `cause`.
 */
export function scrubbed(error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  const copy = new Error(message);
  copy.name = error instanceof Error ? error.name : "Error";
  return copy;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Whether an ioredis error means the credentials were refused. */
export const isAuthFailure = (error: unknown) => AUTH.test(messageOf(error));

/** Maps whatever ioredis threw to a StorageError with a stable code and a message naming the server. */
export function toStorageError(error: unknown, context: ErrorContext): StorageError {
  if (isStorageError(error)) return error;
  if (context.closed) return new StorageClosedError();
  const message = messageOf(error);
  const key = context.keys?.length === 1 ? context.keys[0] : undefined;
  if (message === "Command timed out") {
    return new StorageTimeoutError(
      `${context.target} did not answer ${context.operation} within ${context.timeoutMs} ms`,
      context.timeoutMs,
      { cause: scrubbed(error) },
    );
  }
  if (AUTH.test(message)) {
    return new StorageAuthError(`${context.target} refused the credentials: ${message}`, {
      cause: scrubbed(error),
    });
  }
  if (UNAVAILABLE.some((pattern) => pattern.test(message)) || error instanceof AggregateError) {
    return new StorageUnavailableError(
      `${context.target} is unavailable (${context.operation}): ${message}`,
      {
        cause: scrubbed(error),
      },
    );
  }
  if (message.startsWith("WRONGTYPE")) {
    if (key !== undefined && context.wanted) return wrongKindError(key, context.wanted);
    const which = key === undefined ? "A key" : `Key ${JSON.stringify(key)}`;
    return new StorageWrongTypeError(
      `${which} holds another kind of value than ${context.operation} expects`,
      key,
      {
        cause: error,
      },
    );
  }
  if (/hash value is not an integer/.test(message)) {
    return new StorageWrongTypeError(
      `${key === undefined ? "A hash field" : `A field of ${JSON.stringify(key)}`} does not hold a whole number`,
      key,
      { cause: error },
    );
  }
  if (message.startsWith("CROSSSLOT")) return new StorageCrossSlotError(context.keys ?? []);
  return new StorageCommandError(`${context.target} refused ${context.operation}: ${message}`, {
    cause: error,
  });
}

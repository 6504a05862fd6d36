import { KeyspaceNameError, type NameKind } from "./errors.js";
import { MAX_NAME_LENGTH } from "./limits.js";

// A lone surrogate cannot be encoded as UTF-8: Redis would receive U+FFFD instead, so two different
// names would land on one key.
const LONE_SURROGATE = /\p{Cs}/u;
const ANY_SURROGATE = /[\uD800-\uDFFF]/;

const preview = (value: string) => JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);

const describeType = (value: unknown) =>
  value === null ? "null" : Array.isArray(value) ? "array" : typeof value;

/**
 * Checks that `value` can be a key component of the given kind and returns it typed as a string.
 * Throws {@link KeyspaceNameError} for non-strings, empty strings, names longer than
 * {@link MAX_NAME_LENGTH} and strings that are not well-formed Unicode.
 */
export function validateName(kind: NameKind, value: unknown): string {
  if (typeof value !== "string") {
    throw new KeyspaceNameError(
      kind,
      "not-a-string",
      `Invalid ${kind} name: expected a string, got ${describeType(value)}`,
    );
  }
  if (value.length === 0) {
    throw new KeyspaceNameError(kind, "empty", `Invalid ${kind} name: it must not be empty`);
  }
  if (value.length > MAX_NAME_LENGTH) {
    throw new KeyspaceNameError(
      kind,
      "too-long",
      `Invalid ${kind} name ${preview(value)}: ${value.length} characters, the limit is ${MAX_NAME_LENGTH}`,
    );
  }
  if (ANY_SURROGATE.test(value) && LONE_SURROGATE.test(value)) {
    throw new KeyspaceNameError(
      kind,
      "malformed",
      `Invalid ${kind} name ${preview(value)}: it contains a lone UTF-16 surrogate (not valid Unicode)`,
    );
  }
  return value;
}

import { ERROR_BRAND } from "./brand.js";
import { errorToJSON, type MCPStoreErrorJSON } from "./to-json.js";

/**
 * The base of every error MCPStore throws on purpose, in every package. `code` is stable (branch on it,
 * never on the message); `cause` holds the underlying error; messages name the cause and the fix and
 * never carry a password or token.
 *
 * `error instanceof MCPStoreError` also holds for errors made by another copy of this package (two
 * installed versions, a bundled copy, another realm); {@link isMCPStoreError} is the same check as a
 * function.
 */
export class MCPStoreError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    // Not enumerable: it is a mark, not data, and stays out of JSON and console output.
    Object.defineProperty(this, ERROR_BRAND, { value: true });
  }

  /** The base class matches by brand (any copy); subclasses keep the ordinary prototype check. */
  // `this` is whichever class `instanceof` was asked about: the base or a subclass.
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: the receiver decides between brand and prototype check
    if (Object.hasOwn(this, IS_BASE)) return hasBrand(value);
    // biome-ignore lint/complexity/noThisInStatic: the ordinary check against the subclass asked about
    return Function.prototype[Symbol.hasInstance].call(this, value);
  }

  /** Plain data for logs and API responses: name, code, message, detail fields and the cause chain. */
  toJSON(): MCPStoreErrorJSON {
    return errorToJSON(this);
  }
}

// Marks the base class from outside its body: a self-reference inside the body makes esbuild rename the
// class (`_MCPStoreError`), which would then show in `error.name`.
const IS_BASE = Symbol("MCPStoreError base");
Object.defineProperty(MCPStoreError, IS_BASE, { value: true });

function hasBrand(value: unknown): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<symbol, unknown>)[ERROR_BRAND] === true &&
    typeof (value as { code?: unknown }).code === "string"
  );
}

/** Whether `value` is an MCPStore error (from any copy of the package), optionally with this `code`. */
export function isMCPStoreError(value: unknown, code?: string): value is MCPStoreError {
  return hasBrand(value) && (code === undefined || (value as MCPStoreError).code === code);
}

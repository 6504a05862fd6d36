/** What {@link MCPStoreError.toJSON} returns: safe to log or send to a client. */
export interface MCPStoreErrorJSON {
  readonly name: string;
  readonly code?: string;
  readonly message: string;
  readonly cause?: MCPStoreErrorJSON;
  readonly [detail: string]: unknown;
}

// Fields whose names suggest credentials are never serialised, whatever a subclass puts in them.
const SECRET_FIELD = /pass(word)?|secret|token|authori[sz]ation|cookie|credential|headers|^env$/i;
const SKIPPED = new Set(["name", "code", "message", "stack", "cause"]);
// A cause chain is short in practice; the bound only guards against a cycle.
const MAX_DEPTH = 8;

/**
 * An error as plain data: name, code, message, the subclass's own detail fields (service, httpStatus,
 * issues, …) and the cause chain — never the stack, never a field named like a credential. Messages
 * are written without secrets where the errors are made, so they are kept as they are.
 */
export function errorToJSON(error: unknown, depth = 0): MCPStoreErrorJSON {
  if (!(error instanceof Error)) return { name: "Error", message: String(error) };
  const code = (error as { code?: unknown }).code;
  const out: Record<string, unknown> = { name: error.name, message: error.message };
  if (typeof code === "string") out.code = code;
  for (const key of Object.keys(error)) {
    if (SKIPPED.has(key) || SECRET_FIELD.test(key)) continue;
    out[key] = plain((error as unknown as Record<string, unknown>)[key], depth);
  }
  if (error.cause !== undefined && depth < MAX_DEPTH) out.cause = errorToJSON(error.cause, depth + 1);
  return out as unknown as MCPStoreErrorJSON;
}

function plain(value: unknown, depth: number): unknown {
  if (value instanceof Error) return depth < MAX_DEPTH ? errorToJSON(value, depth + 1) : value.message;
  if (Array.isArray(value)) return value.map((item) => plain(item, depth));
  return value;
}

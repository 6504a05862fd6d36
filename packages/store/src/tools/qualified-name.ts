import { createHash } from "node:crypto";

/** What every LLM tool-calling API accepts (OpenAI, Anthropic, Gemini): the strictest common form. */
export const TOOL_NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_LENGTH = 64;
const HASH_LENGTH = 8;
const SEPARATOR = "__";

/** Eight hex characters of SHA-256: short, stable across processes and versions. */
export function shortHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, HASH_LENGTH);
}

function sanitise(text: string): string {
  return text.replace(/[^A-Za-z0-9_-]/g, "_");
}

function withSuffix(base: string, suffix: string): string {
  return `${base.slice(0, MAX_LENGTH - suffix.length - 1)}_${suffix}`;
}

/** The exact pair a qualified name stands for; hashed when the readable form has to be shortened. */
function pairKey(service: string, tool: string): string {
  return `${service}\u0000${tool}`;
}

/**
 * The stable qualified name of `tool` on `service`: `service__tool`, with characters outside
 * `[A-Za-z0-9_-]` replaced by `_`, and names over 64 characters cut and given a hash suffix of the
 * exact pair so two long names never meet. The same inputs give the same name in every process.
 */
export function qualifiedToolName(service: string, tool: string): string {
  const readable = sanitise(`${service}${SEPARATOR}${tool}`);
  return readable.length <= MAX_LENGTH ? readable : withSuffix(readable, shortHash(pairKey(service, tool)));
}

/**
 * The name used when two different pairs sanitise to the same qualified name (e.g. `my.svc` and
 * `my_svc`): every colliding pair gets its own hash suffix, so the outcome does not depend on which
 * service was added first and every instance agrees on it.
 */
export function disambiguatedToolName(service: string, tool: string): string {
  return withSuffix(sanitise(`${service}${SEPARATOR}${tool}`), shortHash(pairKey(service, tool)));
}

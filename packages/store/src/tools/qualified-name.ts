import { createHash } from "node:crypto";

/** What every LLM tool-calling API accepts (OpenAI, Anthropic, Gemini): the strictest common form. */
export const TOOL_NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_LENGTH = 64;
const HASH_LENGTH = 8;
const SEPARATOR = "__";
const SAFE = /^[A-Za-z0-9_-]+$/;

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
 * The service part of a qualified name, from the service's own name alone: a name already made of
 * `[A-Za-z0-9_-]` is kept; any other (non-ASCII like `天气`, or `my.svc`, or an agent service's
 * `agent/name` in the store view) becomes its ASCII part plus a short hash of the exact name
 * (`天气` → `svc_4d947325`, `my.svc` → `my_svc_<hash>`), so `天气` and `新闻` never meet and adding a service never renames
 * another one's tools.
 */
export function serviceToken(service: string): string {
  if (SAFE.test(service)) return service;
  // Runs of other characters become one "_", trimmed at the ends, so the readable part never ends in
  // "_" (which would read as the "__" separator); a name with no ASCII at all reads "svc".
  const readable = service.replace(/[^A-Za-z0-9_-]+/g, "_").replace(/^_+|_+$/g, "") || "svc";
  return `${readable}_${shortHash(service)}`;
}

/**
 * The stable qualified name of `tool` on `service`: `serviceToken(service)__tool`, with characters
 * outside `[A-Za-z0-9_-]` in the tool name replaced by `_`, and names over 64 characters cut and given
 * a hash suffix of the exact pair so two long names never meet. It depends on nothing but the pair:
 * the same inputs give the same name in every process, whatever else is registered.
 */
export function qualifiedToolName(service: string, tool: string): string {
  const readable = `${serviceToken(service)}${SEPARATOR}${sanitise(tool)}`;
  return readable.length <= MAX_LENGTH ? readable : withSuffix(readable, shortHash(pairKey(service, tool)));
}

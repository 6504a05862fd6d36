import { z } from "zod";
import type { RemoteTransport } from "./definition.js";

/** Config files write numbers and booleans where strings are meant (`"PORT": 8080`); accept them as text. */
export const text = z
  .union([z.string(), z.number(), z.boolean()], { error: "must be a string" })
  .transform((v) => String(v));

export const stringList = z.array(text, { error: "must be an array of strings" });
export const stringMap = z.record(z.string(), text, { error: "must be an object of string values" });

/** `timeout` is in seconds, as in the Python MCPStore / fastmcp configs; `timeoutMs` is the canonical form. */
export const timeoutSeconds = z
  .number({ error: "must be a number of seconds" })
  .positive("must be greater than 0")
  .max(86_400, "must be at most 86400 seconds");
export const timeoutMs = z
  .number({ error: "must be a number of milliseconds" })
  .int("must be a whole number of milliseconds")
  .positive("must be greater than 0")
  .max(86_400_000, "must be at most 86400000 ms");

const TRANSPORT_ALIASES: Record<string, RemoteTransport> = {
  auto: "auto",
  "streamable-http": "streamable-http",
  streamableHttp: "streamable-http",
  streamable_http: "streamable-http",
  http: "streamable-http",
  sse: "sse",
};

/** `transport` as Python MCPStore / Claude Code / Cursor spell it, mapped to ours. */
export function transportFromName(name: string): RemoteTransport | undefined {
  return Object.hasOwn(TRANSPORT_ALIASES, name) ? TRANSPORT_ALIASES[name] : undefined;
}

export const TRANSPORT_NAMES = Object.keys(TRANSPORT_ALIASES);

/** Why `url` cannot be used as a remote MCP endpoint, or undefined when it can. */
export function urlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "not a URL";
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    return `must be an http:// or https:// URL (got ${parsed.protocol})`;
  }
  return undefined;
}

// RFC 9110 token characters.
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what we reject
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f]/;

export function headerNameProblem(name: string): string | undefined {
  return HEADER_NAME.test(name) ? undefined : "not a valid HTTP header name";
}

export function headerValueProblem(value: string): string | undefined {
  return CONTROL.test(value) ? "must not contain line breaks or control characters" : undefined;
}

export function envNameProblem(name: string): string | undefined {
  if (name === "") return "environment variable names must not be empty";
  if (name.includes("=") || name.includes("\u0000"))
    return "environment variable names must not contain '=' or NUL";
  return undefined;
}

/** Service names become storage key components and log labels: printable, trimmed, bounded. */
export function serviceNameProblem(name: unknown): string | undefined {
  if (typeof name !== "string") return "service name must be a string";
  if (name.length === 0) return "service name must not be empty";
  if (name.length > 128) return "service name must be at most 128 characters";
  if (name.trim() !== name) return "service name must not start or end with whitespace";
  if (CONTROL.test(name) || name.includes("\t")) return "service name must not contain control characters";
  return undefined;
}

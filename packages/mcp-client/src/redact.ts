import type { ServiceDefinition } from "./config/definition.js";

/** What a secret is replaced with, everywhere. */
export const REDACTED = "***";

const NAME_LIKE_SECRET =
  "(?:token|api[-_]?key|apikey|secret|password|passwd|pwd|auth|signature|sig|credential)";
const PLACEHOLDER_ONLY = /^(?:\s*\$\{(?:env:)?[A-Za-z_][A-Za-z0-9_]*(?::-[^}]*)?\}\s*)+$/;
const AUTH_SCHEME = /^(?:Bearer|Basic|Token|Bot|Digest)\s+/i;
const SECRET_FLAG = new RegExp(`^--?[\\w-]*${NAME_LIKE_SECRET}[\\w-]*$`, "i");
const SECRET_FLAG_WITH_VALUE = new RegExp(`^(--?[\\w-]*${NAME_LIKE_SECRET}[\\w-]*=)(.+)$`, "i");

const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^/@:\s]*:)([^/@\s]+)@/gi;
const URL_SECRET_PARAM = new RegExp(`([?&][^=&#\\s]*${NAME_LIKE_SECRET}[^=&#\\s]*=)([^&#\\s]*)`, "gi");
const AUTH_HEADER_VALUE = /\b(Bearer|Basic|Token)(\s+)[A-Za-z0-9._~+/=-]{4,}/g;
// Not after a '.', so a field path in our own messages ("mcpServers.x.env.API_KEY: not set") stays readable;
// an auth scheme value ("Authorization: Bearer x") is left to AUTH_HEADER_VALUE, which keeps the scheme.
const KEY_VALUE_SECRET = new RegExp(
  `(?<![.\\w-])([\\w-]*${NAME_LIKE_SECRET}[\\w-]*["']?\\s*[:=]\\s*["']?)(?!(?:Bearer|Basic|Token|Digest)\\s)([^\\s"'&,;}]{4,})`,
  "gi",
);

/**
 * A secret-bearing value with its non-secret parts kept: placeholders (`${API_KEY}`) reveal only a
 * variable name and stay, their defaults do not; an auth scheme (`Bearer `) stays, the token does not.
 */
export function redactValue(value: string): string {
  if (value === "") return value;
  const scheme = AUTH_SCHEME.exec(value)?.[0] ?? "";
  const rest = value.slice(scheme.length);
  if (PLACEHOLDER_ONLY.test(rest)) return scheme + rest.replace(/:-[^}]*\}/g, `:-${REDACTED}}`);
  return scheme + REDACTED;
}

/** A URL with its password and secret-looking query values (`?api_key=`) replaced. */
export function redactUrl(url: string): string {
  return url
    .replace(URL_PASSWORD, (_m, head: string) => `${head}${REDACTED}@`)
    .replace(URL_SECRET_PARAM, (_m, head: string, value: string) => head + keepPlaceholder(value));
}

/** Command-line arguments with the values of secret-looking flags (`--api-key X`, `--token=X`) replaced. */
export function redactArgs(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const inline = SECRET_FLAG_WITH_VALUE.exec(arg);
    if (inline) {
      out.push(inline[1]! + keepPlaceholder(inline[2]!));
    } else if (SECRET_FLAG.test(arg) && i + 1 < args.length && !args[i + 1]!.startsWith("-")) {
      out.push(arg, keepPlaceholder(args[i + 1]!));
      i++;
    } else {
      out.push(redactUrl(arg));
    }
  }
  return out;
}

/** The definition as every listing, log and API answer shows it: env and header values, URL passwords hidden. */
export function redactDefinition(def: ServiceDefinition): ServiceDefinition {
  if (def.type === "stdio") {
    return { ...def, args: redactArgs(def.args), env: mapValues(def.env, redactValue) };
  }
  return { ...def, url: redactUrl(def.url), headers: mapValues(def.headers, redactValue) };
}

/**
 * Text (an error message, a stderr tail) with known secrets and secret-looking patterns replaced:
 * each of `secrets` (4 characters or more — shorter ones would match everywhere and hide nothing),
 * bearer/basic tokens, URL passwords, `?token=`-style query values and `password=`-style pairs.
 */
export function redactText(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (secret.length >= 4 && out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return out
    .replace(URL_PASSWORD, (_m, head: string) => `${head}${REDACTED}@`)
    .replace(URL_SECRET_PARAM, (_m, head: string, value: string) => head + keepPlaceholder(value))
    .replace(AUTH_HEADER_VALUE, (_m, scheme: string, space: string) => `${scheme}${space}${REDACTED}`)
    .replace(KEY_VALUE_SECRET, (_m, head: string, value: string) => head + keepPlaceholder(value));
}

/**
 * The secret values inside a resolved definition, for `redactText`: env and header values (and the
 * token after an auth scheme), the URL password, secret query values and secret flag values.
 */
export function secretsOf(def: ServiceDefinition): string[] {
  const out: string[] = [];
  const push = (v: string | undefined) => {
    if (v !== undefined && v.length >= 4) out.push(v);
  };
  if (def.type === "stdio") {
    for (const v of Object.values(def.env)) push(v);
    const redacted = redactArgs(def.args);
    def.args.forEach((a, i) => {
      if (redacted[i] !== a) push(SECRET_FLAG_WITH_VALUE.exec(a)?.[2] ?? a);
    });
    return out;
  }
  for (const v of Object.values(def.headers)) {
    push(v);
    push(v.replace(AUTH_SCHEME, ""));
  }
  for (const m of [...def.url.matchAll(URL_PASSWORD), ...def.url.matchAll(URL_SECRET_PARAM)]) {
    push(m[2]);
    push(decodeSafe(m[2]!));
  }
  return out;
}

function keepPlaceholder(value: string): string {
  return PLACEHOLDER_ONLY.test(value) ? value : REDACTED;
}

function mapValues(values: Record<string, string>, fn: (v: string) => string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) out[k] = fn(v);
  return out;
}

function decodeSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

import { CliError } from "./errors.js";
import { jsonErrorPosition } from "./json-position.js";

type Schema = Readonly<Record<string, unknown>>;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** `--args '<json>'` (or the text read from stdin for `--args -`): an object, or a clear error with the position. */
export function parseArgsJson(text: string, source: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const at = jsonErrorPosition(text);
    const where = at ? `: ${at.reason} at position ${at.offset} (line ${at.line}, column ${at.column})` : "";
    throw new CliError("ARGS_INVALID", `${source} is not valid JSON${where}`);
  }
  if (!isRecord(value))
    throw new CliError("ARGS_INVALID", `${source} must be a JSON object, like '{"text": "hi"}'`);
  return value;
}

function types(prop: unknown): string[] {
  if (!isRecord(prop)) return [];
  const t = prop.type;
  if (typeof t === "string") return [t];
  if (Array.isArray(t)) return t.filter((x): x is string => typeof x === "string");
  for (const key of ["anyOf", "oneOf"] as const) {
    const alts = prop[key];
    if (Array.isArray(alts)) return alts.flatMap(types);
  }
  return [];
}

/**
 * Turns one `key=value` into a typed value, guided by the property's type in the tool's input schema:
 * numbers, booleans and null are converted, arrays and objects are read as JSON, strings stay as
 * written. A property the schema does not describe is a string unless it reads as JSON.
 */
function coerce(key: string, raw: string, prop: unknown): unknown {
  const wanted = types(prop);
  const tryJson = (): unknown => {
    try {
      return JSON.parse(raw);
    } catch {
      return undefined;
    }
  };
  if (wanted.length === 0) return tryJson() ?? raw;
  if (wanted.includes("string")) return raw;
  if (
    (wanted.includes("number") || wanted.includes("integer")) &&
    raw.trim() !== "" &&
    Number.isFinite(Number(raw))
  ) {
    return Number(raw);
  }
  if (wanted.includes("boolean") && (raw === "true" || raw === "false")) return raw === "true";
  if (wanted.includes("null") && raw === "null") return null;
  if (wanted.includes("array") || wanted.includes("object")) {
    const parsed = tryJson();
    if (parsed !== undefined) return parsed;
    const at = jsonErrorPosition(raw);
    throw new CliError(
      "ARGS_INVALID",
      `argument "${key}" must be JSON (${wanted.join(" or ")})${at ? `: ${at.reason} at position ${at.offset}` : ""}`,
    );
  }
  throw new CliError("ARGS_INVALID", `argument "${key}" must be ${wanted.join(" or ")}, got "${raw}"`);
}

/** `key=value ...` pairs as tool arguments, typed by the tool's input schema. */
export function parseKeyValues(
  pairs: readonly string[],
  schema: Schema | undefined,
): Record<string, unknown> {
  const props = isRecord(schema?.properties) ? schema.properties : {};
  const out: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0) {
      throw new CliError(
        "ARGS_INVALID",
        `"${pair}" is not key=value (use --args '<json>' for nested values)`,
      );
    }
    const key = pair.slice(0, eq);
    out[key] = coerce(key, pair.slice(eq + 1), props[key]);
  }
  return out;
}

/**
 * Checks the arguments against the tool's input schema before anything is sent, so a mistake names
 * the field instead of coming back as the server's error. Ajv is loaded only here.
 */
export async function validateArgs(
  tool: string,
  schema: Schema | undefined,
  args: Record<string, unknown>,
): Promise<void> {
  if (!isRecord(schema)) return;
  const { Ajv } = await import("ajv");
  const ajv = new Ajv({ strict: false, allErrors: false, validateFormats: false });
  let validate: ReturnType<typeof ajv.compile>;
  try {
    validate = ajv.compile(schema);
  } catch {
    return; // a schema Ajv cannot compile is the server's problem; let the server judge the call
  }
  if (validate(args)) return;
  const e = validate.errors?.[0];
  if (!e) return;
  const field = e.instancePath
    ? e.instancePath.slice(1).replaceAll("/", ".")
    : ((e.params as { missingProperty?: string; additionalProperty?: string }).missingProperty ??
      (e.params as { additionalProperty?: string }).additionalProperty);
  let what: string;
  if (e.keyword === "required") what = `missing required argument "${field}"`;
  else if (e.keyword === "additionalProperties") what = `unknown argument "${field}"`;
  else {
    const allowed = (e.params as { allowedValues?: unknown[] }).allowedValues;
    const detail = e.keyword === "enum" && allowed ? `must be one of: ${allowed.join(", ")}` : e.message;
    what = field ? `argument "${field}" ${detail}` : `arguments ${detail}`;
  }
  const names = Object.keys(isRecord(schema.properties) ? schema.properties : {});
  const hint = names.length ? ` (${tool} takes: ${names.join(", ")})` : "";
  throw new CliError("ARGS_SCHEMA", `${what}${hint}`);
}

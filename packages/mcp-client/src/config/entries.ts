import { z } from "zod";
import type { ConfigIssue } from "../errors.js";
import type { RemoteServiceDefinition, RemoteTransport, StdioServiceDefinition } from "./definition.js";
import {
  envNameProblem,
  headerNameProblem,
  headerValueProblem,
  stringList,
  stringMap,
  TRANSPORT_NAMES,
  timeoutMs,
  timeoutSeconds,
  transportFromName,
  urlProblem,
} from "./fields.js";
import { hasPlaceholder, placeholderProblem } from "./placeholders.js";

const stdioEntry = z.object({
  command: z.string({ error: "must be a string" }).min(1, "must not be empty"),
  args: stringList.optional(),
  env: stringMap.optional(),
  cwd: z.string({ error: "must be a string" }).min(1, "must not be empty").optional(),
  timeout: timeoutSeconds.optional(),
  timeoutMs: timeoutMs.optional(),
});

const remoteEntry = z.object({
  url: z.string({ error: "must be a string" }).min(1, "must not be empty"),
  transport: z.string({ error: "must be a string" }).optional(),
  headers: stringMap.optional(),
  bearerToken: z.string({ error: "must be a string" }).min(1, "must not be empty").optional(),
  timeout: timeoutSeconds.optional(),
  timeoutMs: timeoutMs.optional(),
});

/** One local service entry (`command`, `args`, `env`, `cwd`, `timeout`); problems go to `issues`. */
export function parseStdioEntry(
  service: string,
  cfg: Record<string, unknown>,
  path: string,
  issues: ConfigIssue[],
): StdioServiceDefinition | undefined {
  const before = issues.length;
  const parsed = stdioEntry.safeParse(cfg);
  if (!parsed.success) {
    pushZodIssues(parsed.error, path, issues);
    return undefined;
  }
  const { command, args = [], env = {}, cwd } = parsed.data;
  checkPlaceholders(`${path}.command`, command, issues);
  args.forEach((a, i) => {
    checkPlaceholders(`${path}.args[${i}]`, a, issues);
  });
  for (const [k, v] of Object.entries(env)) {
    const bad = envNameProblem(k);
    if (bad) issues.push({ path: `${path}.env.${k}`, message: bad });
    checkPlaceholders(`${path}.env.${k}`, v, issues);
  }
  if (cwd !== undefined) checkPlaceholders(`${path}.cwd`, cwd, issues);
  const ms = pickTimeout(parsed.data, path, issues);
  if (issues.length > before) return undefined;
  return {
    name: service,
    type: "stdio",
    command,
    args,
    env,
    ...(cwd === undefined ? {} : { cwd }),
    ...(ms === undefined ? {} : { timeoutMs: ms }),
  };
}

/** One remote service entry (`url`, `transport`, `headers`, `bearerToken`, `timeout`). */
export function parseRemoteEntry(
  service: string,
  cfg: Record<string, unknown>,
  typeTransport: RemoteTransport | undefined,
  path: string,
  issues: ConfigIssue[],
): RemoteServiceDefinition | undefined {
  const before = issues.length;
  const parsed = remoteEntry.safeParse({ ...cfg, url: cfg.url ?? cfg.serverUrl });
  if (!parsed.success) {
    pushZodIssues(parsed.error, path, issues);
    return undefined;
  }
  const { url, headers = {}, bearerToken } = parsed.data;
  let transport: RemoteTransport = typeTransport ?? "auto";
  if (parsed.data.transport !== undefined) {
    const named = transportFromName(parsed.data.transport);
    if (named === undefined) {
      issues.push({
        path: `${path}.transport`,
        message: `unknown transport "${parsed.data.transport}" (use one of ${TRANSPORT_NAMES.join(", ")})`,
      });
    } else if (typeTransport !== undefined && typeTransport !== named) {
      issues.push({
        path: `${path}.transport`,
        message: `"${named}" contradicts type "${String(cfg.type)}"`,
      });
    } else {
      transport = named;
    }
  }
  if (hasPlaceholder(url)) {
    checkPlaceholders(`${path}.url`, url, issues);
  } else {
    const bad = urlProblem(url);
    if (bad) issues.push({ path: `${path}.url`, message: bad });
  }
  const outHeaders: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    const bad = headerNameProblem(k) ?? headerValueProblem(v);
    if (bad) issues.push({ path: `${path}.headers.${k}`, message: bad });
    checkPlaceholders(`${path}.headers.${k}`, v, issues);
    outHeaders[k] = v;
  }
  if (bearerToken !== undefined) {
    if (Object.keys(headers).some((h) => h.toLowerCase() === "authorization")) {
      issues.push({
        path: `${path}.bearerToken`,
        message: "give either bearerToken or an Authorization header",
      });
    } else {
      checkPlaceholders(`${path}.bearerToken`, bearerToken, issues);
      outHeaders.Authorization = `Bearer ${bearerToken}`;
    }
  }
  const ms = pickTimeout(parsed.data, path, issues);
  if (issues.length > before) return undefined;
  return {
    name: service,
    type: "remote",
    url,
    transport,
    headers: outHeaders,
    ...(ms === undefined ? {} : { timeoutMs: ms }),
  };
}

function pickTimeout(
  data: { timeout?: number | undefined; timeoutMs?: number | undefined },
  path: string,
  issues: ConfigIssue[],
): number | undefined {
  if (data.timeout !== undefined && data.timeoutMs !== undefined) {
    issues.push({ path: `${path}.timeout`, message: "give either timeout (seconds) or timeoutMs, not both" });
    return undefined;
  }
  if (data.timeoutMs !== undefined) return data.timeoutMs;
  if (data.timeout !== undefined) return Math.max(1, Math.round(data.timeout * 1000));
  return undefined;
}

function checkPlaceholders(path: string, value: string, issues: ConfigIssue[]): void {
  const bad = placeholderProblem(value);
  if (bad) issues.push({ path, message: bad });
}

function pushZodIssues(error: z.ZodError, path: string, issues: ConfigIssue[]): void {
  for (const issue of error.issues) {
    const sub = issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("");
    issues.push({ path: `${path}${sub}`, message: issue.message });
  }
}

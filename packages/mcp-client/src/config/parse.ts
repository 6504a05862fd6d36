import { ConfigError, type ConfigIssue } from "../errors.js";
import type { RemoteTransport, ServiceDefinition } from "./definition.js";
import { parseRemoteEntry, parseStdioEntry } from "./entries.js";
import { serviceNameProblem, TRANSPORT_NAMES, transportFromName } from "./fields.js";

const SHAPES =
  "expected { mcpServers: {...} }, { servers: {...} }, { name, command | url, ... }, an array of those, or a JSON string of one";

type Bag = Record<string, unknown>;

const isPlainObject = (v: unknown): v is Bag => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Accepts every service config shape (`{ mcpServers }`, `{ servers }`, `{ name, ...cfg }`, an array of
 * those, a JSON string) and returns canonical definitions, placeholders kept.
 * Throws one ConfigError listing every problem found; nothing is returned half-parsed.
 */
export function parseServiceDefinitions(input: unknown): ServiceDefinition[] {
  const issues: ConfigIssue[] = [];
  const found: { def: ServiceDefinition; path: string }[] = [];
  const add = (name: unknown, cfg: unknown, path: string) => {
    const def = parseEntry(name, cfg, path, issues);
    if (def) found.push({ def, path });
  };

  let value = input;
  if (typeof value === "string") {
    try {
      value = JSON.parse(value);
    } catch (error) {
      throw new ConfigError([{ path: "", message: `not valid JSON (${(error as Error).message})` }]);
    }
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      readDocument(item, `[${i}]`, add, issues);
    });
  } else {
    readDocument(value, "", add, issues);
  }

  const seen = new Map<string, string>();
  for (const { def, path } of found) {
    const first = seen.get(def.name);
    if (first !== undefined) {
      issues.push({
        path,
        message: `duplicate service name "${def.name}" (also at ${first || "top level"})`,
      });
    } else {
      seen.set(def.name, path);
    }
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return found.map((f) => f.def);
}

function readDocument(
  value: unknown,
  at: string,
  add: (name: unknown, cfg: unknown, path: string) => void,
  issues: ConfigIssue[],
): void {
  if (!isPlainObject(value)) {
    issues.push({ path: at, message: SHAPES });
    return;
  }
  const container = "mcpServers" in value ? "mcpServers" : isServersDocument(value) ? "servers" : undefined;
  if (container !== undefined) {
    const servers = value[container];
    const base = at ? `${at}.${container}` : container;
    if (!isPlainObject(servers)) {
      issues.push({ path: base, message: "must be an object mapping service names to their config" });
      return;
    }
    for (const [name, cfg] of Object.entries(servers)) add(name, cfg, `${base}.${name}`);
    return;
  }
  if ("name" in value) {
    const { name, ...cfg } = value;
    const label = typeof name === "string" && name !== "" ? name : at || "name";
    add(name, cfg, serviceNameProblem(name) ? `${at ? `${at}.` : ""}name` : label);
    return;
  }
  issues.push({ path: at, message: SHAPES });
}

// VS Code's `{ servers: {...} }`, told apart from a single service that merely has a `servers` field.
function isServersDocument(value: Bag): boolean {
  return "servers" in value && !("command" in value) && !("url" in value) && !("name" in value);
}

function parseEntry(
  name: unknown,
  cfg: unknown,
  path: string,
  issues: ConfigIssue[],
): ServiceDefinition | undefined {
  const nameProblem = serviceNameProblem(name);
  if (nameProblem) {
    issues.push({ path, message: nameProblem });
    return undefined;
  }
  const service = name as string;
  if (!isPlainObject(cfg)) {
    issues.push({ path, message: 'must be an object with "command" (local) or "url" (remote)' });
    return undefined;
  }
  const kind = entryKind(cfg, path, issues);
  if (kind === undefined) return undefined;

  return kind.type === "stdio"
    ? parseStdioEntry(service, cfg, path, issues)
    : parseRemoteEntry(service, cfg, kind.transport, path, issues);
}

type Kind = { type: "stdio" } | { type: "remote"; transport: RemoteTransport | undefined };

const TYPE_NAMES = ["stdio", "remote", ...TRANSPORT_NAMES.filter((t) => t !== "auto")];

function entryKind(cfg: Bag, path: string, issues: ConfigIssue[]): Kind | undefined {
  const hasCommand = cfg.command !== undefined;
  const hasUrl = cfg.url !== undefined || cfg.serverUrl !== undefined;
  if (hasCommand && hasUrl) {
    issues.push({ path, message: 'give either "command" (local) or "url" (remote), not both' });
    return undefined;
  }
  const type = cfg.type;
  if (type !== undefined) {
    const transport = typeof type === "string" && type !== "auto" ? transportFromName(type) : undefined;
    const known = type === "stdio" || type === "remote" || transport !== undefined;
    if (!known) {
      issues.push({
        path: `${path}.type`,
        message: `unknown type ${JSON.stringify(type)} (use ${TYPE_NAMES.join(", ")})`,
      });
      return undefined;
    }
    if (type === "stdio" && !hasCommand) {
      issues.push({ path: `${path}.command`, message: 'required when type is "stdio"' });
      return undefined;
    }
    if (type !== "stdio" && !hasUrl) {
      issues.push({ path: `${path}.url`, message: `required when type is "${type}"` });
      return undefined;
    }
    return type === "stdio" ? { type: "stdio" } : { type: "remote", transport };
  }
  if (hasCommand) return { type: "stdio" };
  if (hasUrl) return { type: "remote", transport: undefined };
  issues.push({ path, message: 'needs "command" (local service) or "url" (remote service)' });
  return undefined;
}

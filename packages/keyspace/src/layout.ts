import type { NameKind } from "./errors.js";
import { escapeComponent, unescapeComponent } from "./escape.js";
import { MAX_NAME_LENGTH } from "./limits.js";

/** Every kind of key a dataspace holds. */
export type KeyKind =
  | "serviceConfig"
  | "serviceCache"
  | "serviceState"
  | "toolInfo"
  | "toolStats"
  | "serviceIndex"
  | "toolIndex"
  | "agentIndex"
  | "events"
  | "lock"
  | "meta"
  | "versions";

/** The kinds of key that carry a name (service, tool, agent or lock). */
export type NamedKeyKind =
  | "serviceConfig"
  | "serviceCache"
  | "serviceState"
  | "toolInfo"
  | "toolStats"
  | "agentIndex"
  | "lock";

/** What a key is, without its namespace and dataspace. */
export type KeyPart =
  | { readonly kind: NamedKeyKind; readonly name: string }
  | { readonly kind: Exclude<KeyKind, NamedKeyKind> };

/** A key taken apart by `parseKey`. */
export type ParsedKey = KeyPart & {
  readonly namespace: string;
  readonly dataspace: string;
  readonly cluster: boolean;
};

/**
 * The part of a key after `{namespace}:{dataspace}:` (names escaped). The guide's five layouts come
 * first; the rest is what listing and sync need without SCAN.
 */
export const NAMED_LAYOUT: Readonly<
  Record<NamedKeyKind, { nameKind: NameKind; before: string; after: string }>
> = {
  serviceConfig: { nameKind: "service", before: "services", after: "config" },
  serviceCache: { nameKind: "service", before: "services", after: "cache" },
  serviceState: { nameKind: "service", before: "services", after: "state" },
  toolInfo: { nameKind: "tool", before: "tools", after: "info" },
  toolStats: { nameKind: "tool", before: "tools", after: "stats" },
  agentIndex: { nameKind: "agent", before: "agents", after: "services" },
  lock: { nameKind: "lock", before: "locks", after: "" },
};

export const FIXED_LAYOUT: Readonly<Record<Exclude<KeyKind, NamedKeyKind>, string>> = {
  serviceIndex: "index:services",
  toolIndex: "index:tools",
  events: "events",
  meta: "meta",
  versions: "versions",
};

/** The prefix every key of one dataspace starts with; in Cluster mode it is the hash tag. */
export function dataspacePrefix(namespace: string, dataspace: string, cluster: boolean): string {
  const tag = `${escapeComponent(namespace)}:${escapeComponent(dataspace)}`;
  return cluster ? `{${tag}}:` : `${tag}:`;
}

export function namedSuffix(kind: NamedKeyKind, name: string): string {
  const layout = NAMED_LAYOUT[kind];
  const escaped = escapeComponent(name);
  return layout.after ? `${layout.before}:${escaped}:${layout.after}` : `${layout.before}:${escaped}`;
}

// Only a canonical, valid escape is accepted, so parse(key) !== null implies build(parse(key)) === key.
function canonicalName(escaped: string): string | null {
  let name: string;
  try {
    name = unescapeComponent(escaped);
  } catch {
    return null;
  }
  if (name.length === 0 || name.length > MAX_NAME_LENGTH || /\p{Cs}/u.test(name)) return null;
  return escapeComponent(name) === escaped ? name : null;
}

function parseSuffix(segments: readonly string[]): KeyPart | null {
  const joined = segments.join(":");
  for (const [kind, suffix] of Object.entries(FIXED_LAYOUT)) {
    if (joined === suffix) return { kind: kind as Exclude<KeyKind, NamedKeyKind> };
  }
  for (const [kind, layout] of Object.entries(NAMED_LAYOUT)) {
    const expected = layout.after ? 3 : 2;
    if (segments.length !== expected || segments[0] !== layout.before) continue;
    if (layout.after && segments[2] !== layout.after) continue;
    const name = canonicalName(segments[1]!);
    return name === null ? null : { kind: kind as NamedKeyKind, name };
  }
  return null;
}

/**
 * Takes apart any key built by a keyspace (plain or Cluster form). Returns `null` for keys that are
 * not in the layout, so foreign keys found by a scan are easy to skip.
 */
export function parseKey(key: string): ParsedKey | null {
  let namespaceRaw: string | undefined;
  let dataspaceRaw: string | undefined;
  let rest: string[];
  const cluster = key.startsWith("{");
  if (cluster) {
    const close = key.indexOf("}");
    if (close < 0 || key[close + 1] !== ":") return null;
    const tag = key.slice(1, close).split(":");
    if (tag.length !== 2) return null;
    [namespaceRaw, dataspaceRaw] = tag;
    rest = key.slice(close + 2).split(":");
  } else {
    [namespaceRaw, dataspaceRaw, ...rest] = key.split(":");
  }
  if (namespaceRaw === undefined || dataspaceRaw === undefined) return null;
  const namespace = canonicalName(namespaceRaw);
  const dataspace = canonicalName(dataspaceRaw);
  if (namespace === null || dataspace === null) return null;
  const part = parseSuffix(rest);
  return part === null ? null : { ...part, namespace, dataspace, cluster };
}

import { newAutoDataspaceId } from "./auto-dataspace.js";
import {
  dataspacePrefix,
  FIXED_LAYOUT,
  NAMED_LAYOUT,
  type NamedKeyKind,
  namedSuffix,
  type ParsedKey,
  parseKey,
} from "./layout.js";
import { AUTO_DATASPACE, DEFAULT_NAMESPACE } from "./limits.js";
import { validateName } from "./validate.js";

export interface KeyspaceOptions {
  /** Isolates applications (the guide's `namespace`). Default "default". */
  namespace?: string;
  /**
   * Isolates data sets inside a namespace. `"auto"` (the default) makes a fresh id with
   * `newAutoDataspaceId()`; any other string is used as given and persists.
   */
  dataspace?: string;
  /** Wrap `{namespace:dataspace}` in a Cluster hash tag so one dataspace lives in one slot. */
  cluster?: boolean;
}

/** Builds every key of one dataspace. All names are validated and escaped. */
export interface Keyspace {
  readonly namespace: string;
  /** The dataspace in use: the given one, or the generated id when `"auto"` was asked for. */
  readonly dataspace: string;
  /** Whether the dataspace was generated for `"auto"` (the store gives its keys a TTL). */
  readonly autoDataspace: boolean;
  readonly cluster: boolean;
  /** `{namespace}:{dataspace}:` (Cluster: `{{namespace}:{dataspace}}:`); every key starts with it. */
  prefix(): string;
  /** `…:services:{service}:config` — the service's config document. */
  serviceConfig(service: string): string;
  /** `…:services:{service}:cache` — the tools/resources/prompts snapshot. */
  serviceCache(service: string): string;
  /** `…:services:{service}:state` — connection state per store instance. */
  serviceState(service: string): string;
  /** `…:tools:{tool}:info` — the tool descriptor. */
  toolInfo(tool: string): string;
  /** `…:tools:{tool}:stats` — the tool's counters. */
  toolStats(tool: string): string;
  /** `…:index:services` — every service of the dataspace, so listing needs no SCAN. */
  serviceIndex(): string;
  /** `…:index:tools` — every tool of the dataspace. */
  toolIndex(): string;
  /** `…:agents:{agent}:services` — the services one agent sees. */
  agentIndex(agent: string): string;
  /** `…:events` — the dataspace's change log that other instances follow. */
  events(): string;
  /** `…:locks:{name}` — a lock key. */
  lock(name: string): string;
  /** `…:meta` — dataspace metadata (layout version, creation time, owner). */
  meta(): string;
  /**
   * `…:versions` — counters that keep version numbers growing per name after a removal marker
   * expired (the store's service versions never go back).
   */
  versions(): string;
  /** Takes apart a key of this dataspace; `null` for any other key. */
  parseKey(key: string): ParsedKey | null;
}

/** Creates the key builders for one dataspace. Throws `KeyspaceNameError` for a bad namespace or dataspace. */
export function createKeyspace(options: KeyspaceOptions = {}): Keyspace {
  const namespace = validateName("namespace", options.namespace ?? DEFAULT_NAMESPACE);
  const requested = validateName("dataspace", options.dataspace ?? AUTO_DATASPACE);
  const autoDataspace = requested === AUTO_DATASPACE;
  const dataspace = autoDataspace ? newAutoDataspaceId() : requested;
  const cluster = options.cluster ?? false;
  const prefix = dataspacePrefix(namespace, dataspace, cluster);

  const named = (kind: NamedKeyKind, name: string) =>
    `${prefix}${namedSuffix(kind, validateName(NAMED_LAYOUT[kind].nameKind, name))}`;

  return {
    namespace,
    dataspace,
    autoDataspace,
    cluster,
    prefix: () => prefix,
    serviceConfig: (service) => named("serviceConfig", service),
    serviceCache: (service) => named("serviceCache", service),
    serviceState: (service) => named("serviceState", service),
    toolInfo: (tool) => named("toolInfo", tool),
    toolStats: (tool) => named("toolStats", tool),
    serviceIndex: () => `${prefix}${FIXED_LAYOUT.serviceIndex}`,
    toolIndex: () => `${prefix}${FIXED_LAYOUT.toolIndex}`,
    agentIndex: (agent) => named("agentIndex", agent),
    events: () => `${prefix}${FIXED_LAYOUT.events}`,
    lock: (name) => named("lock", name),
    meta: () => `${prefix}${FIXED_LAYOUT.meta}`,
    versions: () => `${prefix}${FIXED_LAYOUT.versions}`,
    parseKey: (key) => {
      const parsed = parseKey(key);
      return parsed &&
        parsed.namespace === namespace &&
        parsed.dataspace === dataspace &&
        parsed.cluster === cluster
        ? parsed
        : null;
    },
  };
}

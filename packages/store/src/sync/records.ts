import type { ServiceDefinition } from "@mcpstore/mcp-client";
import type { ServiceOwner } from "../owner.js";

/**
 * What `services:{service}:config` holds (JSON), besides the version the adapter keeps. The definition
 * is canonical and NOT interpolated: `${VAR}` placeholders stay, each instance resolves them from its
 * own environment when it connects.
 */
export interface ConfigDocument {
  /** Name in the store view (`agent/name` for agent services). */
  readonly name: string;
  readonly localName: string;
  readonly owner: ServiceOwner;
  readonly definition: ServiceDefinition;
  readonly updatedAt: number;
  readonly updatedBy: string;
  /**
   * Removal marker. A removed service keeps its config key (with a TTL) as a tombstone so its version
   * keeps counting up if it is re-added; otherwise a late joiner replaying old events could take an
   * old version of a previous incarnation for a newer one.
   */
  readonly deleted?: true;
}

/** A config document with the version storage gave it. */
export interface VersionedConfig {
  readonly doc: ConfigDocument;
  readonly version: number;
}

/** One entry of the dataspace's event stream (`…:events`). */
export type WireEvent =
  | {
      readonly type: "service.put";
      readonly service: string;
      readonly version: number;
      readonly owner: ServiceOwner;
      readonly instanceId: string;
      /** The new document itself, so followers apply it without a round trip. */
      readonly config: ConfigDocument;
    }
  | {
      readonly type: "service.removed";
      readonly service: string;
      readonly version: number;
      readonly owner: ServiceOwner;
      readonly instanceId: string;
    }
  | { readonly type: "service.restart"; readonly service: string; readonly instanceId: string }
  | {
      readonly type: "catalog.cached";
      readonly service: string;
      readonly hash: string;
      readonly instanceId: string;
    };

/** What `services:{service}:cache` holds: the last tools/resources/prompts snapshot any instance fetched. */
export interface CatalogCache {
  readonly fetchedAt: number;
  readonly hash: string;
  /** The config version the catalog was fetched for. */
  readonly version: number;
  readonly tools: readonly unknown[];
  readonly resources: readonly unknown[];
  readonly resourceTemplates: readonly unknown[];
  readonly prompts: readonly unknown[];
}

/**
 * One instance's connection state, a field of `services:{service}:state` (named by the instance id).
 * It is a lease: the instance re-publishes it on a heartbeat, and readers ignore it after `expiresAt`
 * (a crashed instance stops counting; its field is pruned later).
 */
export interface InstanceState {
  /** The instance's connection state (a `ServiceState`). */
  readonly state: string;
  /** Its last connection error, redacted. */
  readonly lastError?: string;
  /** When the instance wrote this (epoch ms). */
  readonly updatedAt: number;
  /** Epoch ms after which the entry no longer counts (missing in entries of older versions). */
  readonly expiresAt?: number;
  /** The transport the instance uses ("stdio", "streamable-http", "sse"). */
  readonly transport?: string;
}

/**
 * The best state any live instance reports. Computed when read, from the live instance entries, so
 * it can never disagree with them (older versions stored it in an `aggregate` field, now ignored).
 */
export interface AggregateState {
  /** The best state any live instance reports. */
  readonly state: string;
  /** How many live instances report a state. */
  readonly instances: number;
  /** How many of them are healthy. */
  readonly healthyInstances: number;
  /** When it was computed (epoch ms). */
  readonly updatedAt: number;
}

/** A field older versions wrote into `services:{service}:state`; skipped when reading, deleted when writing. */
export const AGGREGATE_FIELD = "aggregate";

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isOwner(v: unknown): v is ServiceOwner {
  return isRecord(v) && (v.kind === "store" || (v.kind === "agent" && typeof v.agentId === "string"));
}

/**
 * Parses a stored config document; `null` for anything that is not one (another tool's key, a
 * hand-edited value), so one bad key never stops a store from starting.
 */
export function parseConfigDocument(text: string): ConfigDocument | null {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(v) || typeof v.name !== "string" || typeof v.localName !== "string" || !isOwner(v.owner)) {
    return null;
  }
  if (!isRecord(v.definition) || (v.definition.type !== "stdio" && v.definition.type !== "remote"))
    return null;
  return v as unknown as ConfigDocument;
}

export function parseWireEvent(text: string): WireEvent | null {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(v) || typeof v.type !== "string" || typeof v.service !== "string") return null;
  if (typeof v.instanceId !== "string") return null;
  switch (v.type) {
    case "service.put":
      return typeof v.version === "number" &&
        isRecord(v.config) &&
        parseConfigDocument(JSON.stringify(v.config))
        ? (v as unknown as WireEvent)
        : null;
    case "service.removed":
      return typeof v.version === "number" ? (v as unknown as WireEvent) : null;
    case "service.restart":
      return v as unknown as WireEvent;
    case "catalog.cached":
      return typeof v.hash === "string" ? (v as unknown as WireEvent) : null;
    default:
      return null;
  }
}

export function parseCatalogCache(text: string | null): CatalogCache | null {
  if (text === null) return null;
  try {
    const v: unknown = JSON.parse(text);
    if (!isRecord(v) || typeof v.hash !== "string" || !Array.isArray(v.tools)) return null;
    return {
      fetchedAt: typeof v.fetchedAt === "number" ? v.fetchedAt : 0,
      hash: v.hash,
      version: typeof v.version === "number" ? v.version : 0,
      tools: v.tools,
      resources: Array.isArray(v.resources) ? v.resources : [],
      resourceTemplates: Array.isArray(v.resourceTemplates) ? v.resourceTemplates : [],
      prompts: Array.isArray(v.prompts) ? v.prompts : [],
    };
  } catch {
    return null;
  }
}

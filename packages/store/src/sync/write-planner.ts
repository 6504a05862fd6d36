import type { Keyspace } from "@mcpstore/keyspace";
import { redactDefinition } from "@mcpstore/mcp-client";
import type { WriteOp } from "@mcpstore/storage";
import { type Intent, isLive, type Outcome } from "./intents.js";
import { sameDefinition } from "./mirror.js";
import type { ConfigDocument, VersionedConfig, WireEvent } from "./records.js";

/** The field of the dataspace's `versions` hash that keeps service versions growing. */
export const SERVICE_VERSION_FIELD = "services";

export interface PlannerContext {
  readonly keyspace: Keyspace;
  readonly instanceId: string;
  /** Auto dataspace: every key written gets this TTL (the lease); undefined for fixed dataspaces. */
  readonly leaseMs: number | undefined;
  /** Newest events the stream keeps (`maxLen` of every append). */
  readonly eventLogMaxLen: number;
  /** Storage names of the tools last seen for a service, so removal cleans their keys. */
  readonly toolKeysOf: (service: string) => readonly string[];
  /** How long a removal marker (tombstone) outlives the service in a fixed dataspace. */
  readonly tombstoneTtlMs: number;
  readonly now: () => number;
}

/**
 * What storage holds beyond the configs, read just before planning (absent when planning for a local
 * change while storage is unreachable: the write is planned again on replay).
 */
export interface StoredContext {
  /**
   * The dataspace's version floor: at least the version of every removal marker ever written, so a
   * service created where no config key exists (never used, or its marker expired) starts above
   * every version its name had before.
   */
  readonly versionFloor: number;
  /** Every tool in the tool index, by service: removal deletes those other instances published too. */
  readonly toolsByService: ReadonlyMap<string, readonly string[]>;
}

export interface Plan {
  readonly ops: WriteOp[];
  readonly outcomes: Outcome[];
}

/**
 * Turns intents into one atomic batch given what storage currently holds for each service: the
 * versioned config write (compare-and-set on the version read), the index updates, cleanup of a
 * removed service's keys, and one event per change for the other instances.
 */
export function planWrites(
  intents: readonly Intent[],
  current: ReadonlyMap<string, VersionedConfig | null>,
  ctx: PlannerContext,
  stored?: StoredContext,
): Plan {
  const { keyspace: ks } = ctx;
  const ops: WriteOp[] = [];
  const outcomes: Outcome[] = [];
  const touched = new Set<string>();
  const lease = ctx.leaseMs;

  const event = (e: WireEvent) => {
    ops.push({ op: "append", key: ks.events(), payload: JSON.stringify(e), maxLen: ctx.eventLogMaxLen });
    touched.add(ks.events());
  };

  const writeDoc = (doc: ConfigDocument, cur: VersionedConfig | null, ttlMs: number | undefined) => {
    // No config key: start above the floor, never at 1 again for a name that was removed before.
    const version = cur ? cur.version + 1 : (stored?.versionFloor ?? 0) + 1;
    ops.push({
      op: "putVersioned",
      key: ks.serviceConfig(doc.name),
      value: JSON.stringify(doc),
      expectedVersion: cur ? cur.version : null,
      ...(cur || !stored ? {} : { version }),
      ...(ttlMs === undefined ? {} : { ttlMs }),
    });
    return version;
  };

  const put = (doc: ConfigDocument, cur: VersionedConfig | null) => {
    const version = writeDoc(doc, cur, lease);
    ops.push({ op: "hset", key: ks.serviceIndex(), fields: { [doc.name]: JSON.stringify(doc.owner) } });
    touched.add(ks.serviceIndex());
    if (doc.owner.kind === "agent") {
      const agentKey = ks.agentIndex(doc.owner.agentId);
      ops.push({ op: "hset", key: agentKey, fields: { [doc.localName]: doc.name } });
      touched.add(agentKey);
    }
    event({
      type: "service.put",
      service: doc.name,
      version,
      owner: doc.owner,
      instanceId: ctx.instanceId,
      config: doc,
    });
    outcomes.push({ kind: "written", name: doc.name, doc, version, created: !isLive(cur) });
  };

  for (const intent of intents) {
    const cur = current.get(intent.name) ?? null;
    const live = isLive(cur) ? cur : null;
    const stamp = { updatedAt: ctx.now(), updatedBy: ctx.instanceId };
    switch (intent.kind) {
      case "put": {
        if (live && sameDefinition(live.doc.definition, intent.definition)) {
          outcomes.push({ kind: "unchanged", name: intent.name, doc: live.doc, version: live.version });
        } else if (live && intent.ifExists === "keep") {
          outcomes.push({ kind: "unchanged", name: intent.name, doc: live.doc, version: live.version });
        } else if (live && intent.ifExists === "error") {
          outcomes.push({ kind: "exists", name: intent.name, current: live });
        } else {
          const { name, localName, owner, definition } = intent;
          put({ name, localName, owner, definition, ...stamp }, cur);
        }
        break;
      }
      case "patch": {
        if (!live) {
          outcomes.push({ kind: "absent", name: intent.name });
          break;
        }
        const definition = intent.apply(live.doc);
        if (sameDefinition(definition, live.doc.definition)) {
          outcomes.push({ kind: "unchanged", name: intent.name, doc: live.doc, version: live.version });
        } else {
          const { deleted: _, ...rest } = live.doc;
          put({ ...rest, definition, ...stamp }, live);
        }
        break;
      }
      case "remove": {
        if (!live) {
          outcomes.push({ kind: "absent", name: intent.name });
          break;
        }
        // The marker outlives the service by a day: it keeps the shape, never the secrets.
        const definition = redactDefinition(live.doc.definition);
        const tombstone: ConfigDocument = { ...live.doc, definition, ...stamp, deleted: true };
        const version = writeDoc(tombstone, live, lease ?? ctx.tombstoneTtlMs);
        const { name, owner } = live.doc;
        // Raise the floor to this marker's version before the marker can expire (the floor read
        // may be stale: adding the difference to the current value can only overshoot).
        if (stored && version > stored.versionFloor) {
          ops.push({
            op: "hincrby",
            key: ks.versions(),
            field: SERVICE_VERSION_FIELD,
            by: version - stored.versionFloor,
          });
          touched.add(ks.versions());
        }
        ops.push({ op: "hdel", key: ks.serviceIndex(), fields: [name] });
        if (owner.kind === "agent")
          ops.push({ op: "hdel", key: ks.agentIndex(owner.agentId), fields: [live.doc.localName] });
        ops.push({ op: "delete", key: ks.serviceCache(name) });
        ops.push({ op: "delete", key: ks.serviceState(name) });
        const tools = [...new Set([...ctx.toolKeysOf(name), ...(stored?.toolsByService.get(name) ?? [])])];
        for (const tool of tools) {
          ops.push({ op: "delete", key: ks.toolInfo(tool) });
          ops.push({ op: "delete", key: ks.toolStats(tool) });
        }
        if (tools.length) ops.push({ op: "hdel", key: ks.toolIndex(), fields: [...tools] });
        event({ type: "service.removed", service: name, version, owner, instanceId: ctx.instanceId });
        outcomes.push({ kind: "removed", name, previous: live.doc, version });
        break;
      }
    }
  }
  if (lease !== undefined && ops.length) {
    for (const key of touched) ops.push({ op: "expire", key, ttlMs: lease });
  }
  return { ops, outcomes };
}

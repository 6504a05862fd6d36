import type { Keyspace } from "@mcpstore/keyspace";
import type { WriteOp } from "@mcpstore/storage";
import { type Intent, isLive, type Outcome } from "./intents.js";
import { sameDefinition } from "./mirror.js";
import type { ConfigDocument, VersionedConfig, WireEvent } from "./records.js";

/** How long a removal marker outlives the service in a fixed dataspace. */
export const TOMBSTONE_TTL_MS = 24 * 60 * 60 * 1000;

export interface PlannerContext {
  readonly keyspace: Keyspace;
  readonly instanceId: string;
  /** Auto dataspace: every key written gets this TTL (the lease); undefined for fixed dataspaces. */
  readonly leaseMs: number | undefined;
  /** Newest events the stream keeps (`maxLen` of every append). */
  readonly eventLogMaxLen: number;
  /** Storage names of the tools last seen for a service, so removal cleans their keys. */
  readonly toolKeysOf: (service: string) => readonly string[];
  readonly now: () => number;
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
    ops.push({
      op: "putVersioned",
      key: ks.serviceConfig(doc.name),
      value: JSON.stringify(doc),
      expectedVersion: cur ? cur.version : null,
      ...(ttlMs === undefined ? {} : { ttlMs }),
    });
    return (cur?.version ?? 0) + 1;
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
        const tombstone: ConfigDocument = { ...live.doc, ...stamp, deleted: true };
        const version = writeDoc(tombstone, live, lease ?? TOMBSTONE_TTL_MS);
        const { name, owner } = live.doc;
        ops.push({ op: "hdel", key: ks.serviceIndex(), fields: [name] });
        if (owner.kind === "agent")
          ops.push({ op: "hdel", key: ks.agentIndex(owner.agentId), fields: [live.doc.localName] });
        ops.push({ op: "delete", key: ks.serviceCache(name) });
        ops.push({ op: "delete", key: ks.serviceState(name) });
        const tools = ctx.toolKeysOf(name);
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

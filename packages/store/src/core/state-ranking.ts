import { AGGREGATE_FIELD, type AggregateState, type InstanceState } from "../sync/records.js";

// Best first: the aggregate is the best state any instance reports.
const RANK = ["healthy", "warning", "initializing", "reconnecting", "unreachable", "disconnected"];

/**
 * When an entry without `expiresAt` (written by an older version, which has no heartbeat) stops
 * counting: this long after its last update.
 */
const LEGACY_LEASE_MS = 30_000;

export function expiryOf(s: InstanceState): number {
  return typeof s.expiresAt === "number" ? s.expiresAt : s.updatedAt + LEGACY_LEASE_MS;
}

/** Every instance entry of a `services:{service}:state` hash, live or not. */
export function parseAllInstanceStates(
  hash: Readonly<Record<string, string>>,
): Record<string, InstanceState> {
  const out: Record<string, InstanceState> = {};
  for (const [field, raw] of Object.entries(hash)) {
    if (field === AGGREGATE_FIELD) continue;
    try {
      const v = JSON.parse(raw) as InstanceState;
      if (typeof v?.state === "string" && typeof v.updatedAt === "number") out[field] = v;
    } catch {
      // not ours; skip
    }
  }
  return out;
}

/** The entries of instances whose lease has not run out at `now`: crashed instances drop out. */
export function parseInstanceStates(
  hash: Readonly<Record<string, string>>,
  now: number,
): Record<string, InstanceState> {
  const out: Record<string, InstanceState> = {};
  for (const [id, s] of Object.entries(parseAllInstanceStates(hash))) if (expiryOf(s) > now) out[id] = s;
  return out;
}

/** The aggregate of the live entries; `undefined` when no instance holds the service. */
export function aggregateOf(states: Readonly<Record<string, InstanceState>>): AggregateState | undefined {
  const list = Object.values(states);
  if (!list.length) return undefined;
  let best = "disconnected";
  for (const s of list) {
    const r = RANK.indexOf(s.state);
    if (r !== -1 && r < RANK.indexOf(best)) best = s.state;
  }
  return {
    state: best,
    instances: list.length,
    healthyInstances: list.filter((s) => s.state === "healthy").length,
    // The newest report among them: when the aggregate last changed.
    updatedAt: Math.max(...list.map((s) => s.updatedAt)),
  };
}

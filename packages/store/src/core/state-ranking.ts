import { AGGREGATE_FIELD, type AggregateState, type InstanceState } from "../sync/records.js";

// Best first: the aggregate is the best state any instance reports.
const RANK = ["healthy", "warning", "initializing", "reconnecting", "unreachable", "disconnected"];

export function parseInstanceStates(hash: Readonly<Record<string, string>>): Record<string, InstanceState> {
  const out: Record<string, InstanceState> = {};
  for (const [field, raw] of Object.entries(hash)) {
    if (field === AGGREGATE_FIELD) continue;
    try {
      const v = JSON.parse(raw) as InstanceState;
      if (typeof v?.state === "string") out[field] = v;
    } catch {
      // not ours; skip
    }
  }
  return out;
}

export function parseAggregate(hash: Readonly<Record<string, string>>): AggregateState | undefined {
  const raw = hash[AGGREGATE_FIELD];
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as AggregateState;
  } catch {
    return undefined;
  }
}

export function aggregateOf(states: Readonly<Record<string, InstanceState>>, now: number): AggregateState {
  const list = Object.values(states);
  let best = "disconnected";
  for (const s of list) {
    const r = RANK.indexOf(s.state);
    if (r !== -1 && r < RANK.indexOf(best)) best = s.state;
  }
  return {
    state: best,
    instances: list.length,
    healthyInstances: list.filter((s) => s.state === "healthy").length,
    updatedAt: now,
  };
}

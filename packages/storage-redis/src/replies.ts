import type { StoredEvent } from "@mcpstore/storage";

// ioredis 6 speaks RESP3 by default. With the default "legacy" reply mapping maps arrive as flat arrays,
// with "resp3" as plain objects; these readers take either shape.

/** `[field, value, ...]`, `[[field, value], ...]` or `{ field: value }` → a record of strings. */
export function toRecord(reply: unknown): Record<string, string> {
  if (reply === null || reply === undefined) return {};
  if (reply instanceof Map) return Object.fromEntries([...reply].map(([k, v]) => [String(k), String(v)]));
  if (!Array.isArray(reply))
    return Object.fromEntries(Object.entries(reply as object).map(([k, v]) => [k, String(v)]));
  const out: Record<string, string> = {};
  if (reply.every(Array.isArray)) {
    for (const [k, v] of reply as unknown[][]) out[String(k)] = String(v);
    return out;
  }
  for (let i = 0; i + 1 < reply.length; i += 2) out[String(reply[i])] = String(reply[i + 1]);
  return out;
}

/** One stream entry `[id, fields]` → a StoredEvent (payload in field `p`). */
function toEvent(entry: unknown): StoredEvent {
  const [id, fields] = entry as [unknown, unknown];
  return { id: String(id), payload: toRecord(fields).p ?? "" };
}

/** Entries of XRANGE / XREVRANGE. */
export function toEvents(reply: unknown): StoredEvent[] {
  return Array.isArray(reply) ? reply.map(toEvent) : [];
}

/** The entries of one stream from an XREAD reply (`null` when nothing came). */
export function xreadEvents(reply: unknown): StoredEvent[] {
  if (reply === null || reply === undefined) return [];
  if (Array.isArray(reply)) {
    // One stream was asked for. RESP2: [[key, entries]]. RESP3 with the "legacy" mapping: the map
    // flattened, [key, entries].
    if (typeof reply[0] === "string" || Buffer.isBuffer(reply[0])) return toEvents(reply[1]);
    const first = reply[0] as unknown[] | undefined;
    return first ? toEvents(first[1]) : [];
  }
  const streams = reply instanceof Map ? [...reply.values()] : Object.values(reply as object);
  return streams.length > 0 ? toEvents(streams[0]) : [];
}

import type { StoredEvent } from "./adapter.js";
import { compareEventIds, type EventIdParts } from "./event-ids.js";
import type { MemoryEntry, StoredStreamEvent } from "./memory-database.js";

type StreamEntry = Extract<MemoryEntry, { type: "stream" }>;

export function newStream(): StreamEntry {
  return { type: "stream", events: [], lastMs: 0, lastSeq: 0 };
}

/** Appends with a Redis-style id (`<ms>-<seq>`, strictly increasing) and trims in chunks to `maxLen`. */
export function appendToStream(stream: StreamEntry, payload: string, maxLen: number): string {
  const now = Date.now();
  const ms = Math.max(now, stream.lastMs);
  const seq = ms === stream.lastMs ? stream.lastSeq + 1 : 0;
  stream.lastMs = ms;
  stream.lastSeq = seq;
  const id = `${ms}-${seq}`;
  stream.events.push({ id, ms, seq, payload });
  // Like `MAXLEN ~`: trimming one entry per append would shift the whole array every time.
  const slack = Math.max(1, Math.ceil(maxLen / 10));
  if (stream.events.length > maxLen + slack) stream.events.splice(0, stream.events.length - maxLen);
  return id;
}

/** Events with an id greater than `after`, oldest first, at most `count`. */
export function readStreamAfter(stream: StreamEntry, after: EventIdParts, count?: number): StoredEvent[] {
  const events = stream.events;
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareEventIds(events[mid] as StoredStreamEvent, after) <= 0) lo = mid + 1;
    else hi = mid;
  }
  const end = count === undefined ? events.length : Math.min(events.length, lo + count);
  return events.slice(lo, end).map(({ id, payload }) => ({ id, payload }));
}

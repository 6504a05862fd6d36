import { StorageInvalidArgumentError } from "./errors.js";

/** An event id taken apart: milliseconds and sequence, as in Redis Streams (`<ms>-<seq>`). */
export interface EventIdParts {
  readonly ms: number;
  readonly seq: number;
}

const EVENT_ID = /^(\d{1,16})-(\d{1,16})$/;

/** Parses `<ms>-<seq>`; throws StorageInvalidArgumentError for anything else. */
export function parseEventId(id: string): EventIdParts {
  const match = typeof id === "string" ? EVENT_ID.exec(id) : null;
  const ms = match ? Number(match[1]) : Number.NaN;
  const seq = match ? Number(match[2]) : Number.NaN;
  if (!Number.isSafeInteger(ms) || !Number.isSafeInteger(seq)) {
    throw new StorageInvalidArgumentError(
      `Invalid event id ${JSON.stringify(id)}: expected "<ms>-<seq>" such as "1718000000000-0" (or LOG_START "0-0")`,
    );
  }
  return { ms, seq };
}

/** Orders two event ids: negative if `a` is older, 0 if equal, positive if newer. */
export function compareEventIds(a: EventIdParts, b: EventIdParts): number {
  return a.ms - b.ms || a.seq - b.seq;
}

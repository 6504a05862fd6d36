import { type BatchResult, DEFAULT_EVENT_LOG_MAX_LEN, type WriteOp } from "./adapter.js";
import { StorageCommandError, StorageWrongTypeError, type ValueKind, wrongKindError } from "./errors.js";
import type { EntryType, MemoryDatabase, MemoryEntry } from "./memory-database.js";
import { appendToStream, newStream } from "./memory-stream.js";

type HashEntry = Extract<MemoryEntry, { type: "hash" }>;

/** The words error messages use for what a key holds. */
export const KIND_NAMES: Readonly<Record<EntryType, string>> = {
  string: "document",
  hash: "hash",
  stream: "event log",
};

/** Redis's notion of an integer field (string2ll): no sign on zero, no leading zeros, no spaces. */
const isIntegerText = (text: string) => /^(0|-?[1-9]\d{0,18})$/.test(text);

/** The version of a versioned document, 0 when absent. */
export function versionOf(db: MemoryDatabase, key: string): number {
  const entry = db.lookup(key);
  if (!entry) return 0;
  if (entry.type !== "hash") throw wrongKindError(key, "versioned document", KIND_NAMES[entry.type]);
  return Number(entry.fields.get("version") ?? 0);
}

/** The value `HINCRBY` would store, or the error it would raise. */
export function incrementedField(
  key: string,
  field: string,
  current: string | undefined,
  by: number,
): number {
  if (current !== undefined && !isIntegerText(current)) {
    throw new StorageWrongTypeError(
      `Field ${JSON.stringify(field)} of key ${JSON.stringify(key)} does not hold a whole number`,
      key,
    );
  }
  const next = Number(current ?? 0) + by;
  if (!Number.isSafeInteger(next)) {
    throw new StorageCommandError(
      `Incrementing field ${JSON.stringify(field)} of ${JSON.stringify(key)} would overflow`,
    );
  }
  return next;
}

export function hashAt(db: MemoryDatabase, key: string, wanted: ValueKind): HashEntry {
  const entry = db.lookup(key);
  if (entry?.type === "hash") return entry;
  if (entry) throw wrongKindError(key, wanted, KIND_NAMES[entry.type]);
  const created: HashEntry = { type: "hash", fields: new Map() };
  db.put(key, created);
  return created;
}

interface Simulated {
  type: EntryType | "none";
  /** Written over earlier in this batch: the stored fields no longer matter. */
  fresh: boolean;
  /** Field values this batch wrote (`null`: deleted). */
  fields: Map<string, string | null>;
}

/**
 * Walks the ops against a simulation of the keys they touch and throws the error the first failing op
 * would raise, so a batch that cannot complete changes nothing.
 */
function rehearse(db: MemoryDatabase, ops: readonly WriteOp[]): void {
  const sims = new Map<string, Simulated>();
  const sim = (key: string): Simulated => {
    let s = sims.get(key);
    if (!s) {
      s = { type: db.lookup(key)?.type ?? "none", fresh: false, fields: new Map() };
      sims.set(key, s);
    }
    return s;
  };
  const need = (key: string, s: Simulated, type: EntryType, wanted: ValueKind) => {
    if (s.type !== "none" && s.type !== type) throw wrongKindError(key, wanted, KIND_NAMES[s.type]);
    s.type = type;
  };
  const reset = (s: Simulated, type: Simulated["type"]) => {
    s.type = type;
    s.fresh = true;
    s.fields.clear();
  };
  for (const op of ops) {
    const s = sim(op.key);
    switch (op.op) {
      case "set":
        reset(s, "string");
        break;
      case "delete":
        reset(s, "none");
        break;
      case "expire":
        break;
      case "hset":
        need(op.key, s, "hash", "hash");
        for (const [field, value] of Object.entries(op.fields)) s.fields.set(field, value);
        break;
      case "hdel":
        need(op.key, s, "hash", "hash");
        for (const field of op.fields) s.fields.set(field, null);
        break;
      case "hincrby": {
        need(op.key, s, "hash", "hash");
        const written = s.fields.get(op.field);
        const stored = s.fresh
          ? undefined
          : (db.lookup(op.key) as HashEntry | undefined)?.fields.get(op.field);
        const current = written === null ? undefined : (written ?? stored);
        s.fields.set(op.field, String(incrementedField(op.key, op.field, current, op.by)));
        break;
      }
      case "putVersioned":
        need(op.key, s, "hash", "versioned document");
        break;
      case "checkVersion":
        if (s.type !== "none") need(op.key, s, "hash", "versioned document");
        break;
      case "deleteVersioned":
        if (s.type !== "none") need(op.key, s, "hash", "versioned document");
        reset(s, "none");
        break;
      case "append":
        need(op.key, s, "stream", "event log");
        break;
    }
  }
}

/** The memory adapter's `batch`: conditions, then a rehearsal, then the writes. */
export function applyBatch(db: MemoryDatabase, ops: readonly WriteOp[]): BatchResult {
  const conflicts: { key: string; expected: number | null; actual: number }[] = [];
  for (const op of ops) {
    if (op.op !== "putVersioned" && op.op !== "deleteVersioned" && op.op !== "checkVersion") continue;
    const actual = versionOf(db, op.key);
    const expectedFails = op.expectedVersion !== undefined && actual !== (op.expectedVersion ?? 0);
    const versionFails = op.op === "putVersioned" && op.version !== undefined && op.version <= actual;
    if (expectedFails || versionFails) {
      conflicts.push({ key: op.key, expected: op.expectedVersion ?? null, actual });
    }
  }
  if (conflicts.length > 0) return { ok: false, conflicts };
  rehearse(db, ops);

  const versions: Record<string, number> = {};
  const eventIds: string[] = [];
  const appended = new Set<string>();
  for (const op of ops) {
    switch (op.op) {
      case "set":
        db.put(op.key, { type: "string", value: op.value }, op.ttlMs);
        break;
      case "delete":
        db.remove(op.key);
        break;
      case "expire":
        if (db.lookup(op.key)) db.setExpiry(op.key, op.ttlMs);
        break;
      case "hset": {
        const hash = hashAt(db, op.key, "hash");
        for (const [field, value] of Object.entries(op.fields)) hash.fields.set(field, value);
        break;
      }
      case "hdel": {
        const hash = db.lookup(op.key) as HashEntry | undefined;
        for (const field of op.fields) hash?.fields.delete(field);
        if (hash?.fields.size === 0) db.remove(op.key);
        break;
      }
      case "hincrby": {
        const hash = hashAt(db, op.key, "hash");
        hash.fields.set(
          op.field,
          String(incrementedField(op.key, op.field, hash.fields.get(op.field), op.by)),
        );
        break;
      }
      case "putVersioned": {
        const version = op.version ?? versionOf(db, op.key) + 1;
        const hash = hashAt(db, op.key, "versioned document");
        hash.fields.set("value", op.value);
        hash.fields.set("version", String(version));
        db.setExpiry(op.key, op.ttlMs);
        versions[op.key] = version;
        break;
      }
      case "deleteVersioned":
        db.remove(op.key);
        versions[op.key] = 0;
        break;
      case "checkVersion":
        break;
      case "append": {
        let stream = db.lookup(op.key);
        if (!stream) {
          stream = newStream();
          db.put(op.key, stream);
        }
        if (stream.type !== "stream") throw wrongKindError(op.key, "event log", KIND_NAMES[stream.type]);
        eventIds.push(appendToStream(stream, op.payload, op.maxLen ?? DEFAULT_EVENT_LOG_MAX_LEN));
        appended.add(op.key);
        break;
      }
    }
  }
  for (const key of appended) db.notifyAppend(key);
  return { ok: true, versions, eventIds };
}

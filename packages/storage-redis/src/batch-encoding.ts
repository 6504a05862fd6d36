import {
  type BatchResult,
  DEFAULT_EVENT_LOG_MAX_LEN,
  StorageCommandError,
  StorageWrongTypeError,
  type ValueKind,
  type WriteOp,
  wrongKindError,
} from "@mcpstore/storage";

/** KEYS and ARGV for the BATCH script: one key per op; per op its name and arguments. */
export function encodeBatch(ops: readonly WriteOp[]): { keys: string[]; args: string[] } {
  const keys: string[] = [];
  const args: string[] = [];
  const ttl = (ms: number | undefined) => (ms === undefined ? "" : String(ms));
  for (const op of ops) {
    keys.push(op.key);
    switch (op.op) {
      case "set":
        args.push("set", op.value, ttl(op.ttlMs));
        break;
      case "delete":
        args.push("del");
        break;
      case "hset": {
        const entries = Object.entries(op.fields);
        args.push("hset", String(entries.length), ...entries.flat());
        break;
      }
      case "hdel":
        args.push("hdel", String(op.fields.length), ...op.fields);
        break;
      case "hincrby":
        args.push("hincrby", op.field, String(op.by));
        break;
      case "expire":
        args.push("expire", String(op.ttlMs));
        break;
      case "putVersioned":
        args.push(
          "put",
          op.value,
          expected(op.expectedVersion),
          ttl(op.ttlMs),
          op.version === undefined ? "" : String(op.version),
        );
        break;
      case "deleteVersioned":
        args.push("delv", expected(op.expectedVersion));
        break;
      case "checkVersion":
        args.push("chk", expected(op.expectedVersion));
        break;
      case "append":
        args.push("xadd", op.payload, String(op.maxLen ?? DEFAULT_EVENT_LOG_MAX_LEN));
        break;
    }
  }
  return { keys, args };
}

// "" = unconditional; null and 0 both mean "must not exist" (version 0).
const expected = (version: number | null | undefined) => (version === undefined ? "" : String(version ?? 0));

const TYPE_NAMES: Readonly<Record<string, string>> = {
  string: "document",
  hash: "hash",
  stream: "event log",
};
export const typeName = (redisType: string) => TYPE_NAMES[redisType] ?? `Redis ${redisType}`;

function wantedKind(op: WriteOp): ValueKind {
  if (op.op === "append") return "event log";
  if (op.op === "putVersioned" || op.op === "deleteVersioned" || op.op === "checkVersion")
    return "versioned document";
  return "hash";
}

const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** Turns the BATCH script's reply into a BatchResult, or throws the error a rehearsal found. */
export function decodeBatchReply(ops: readonly WriteOp[], reply: unknown): BatchResult {
  const [tag, first, second] = asArray(reply);
  const opAt = (index: unknown) => {
    const op = ops[Number(index)];
    if (!op) throw new StorageCommandError(`Unexpected batch reply: ${JSON.stringify(reply)}`);
    return op;
  };
  switch (tag) {
    case "ok": {
      const pairs = asArray(first);
      const versions: Record<string, number> = {};
      for (let i = 0; i < pairs.length; i += 2) versions[opAt(pairs[i]).key] = Number(pairs[i + 1]);
      return { ok: true, versions, eventIds: asArray(second).map(String) };
    }
    case "conflict": {
      const pairs = asArray(first);
      const conflicts = [];
      for (let i = 0; i < pairs.length; i += 2) {
        const op = opAt(pairs[i]) as Extract<
          WriteOp,
          { op: "putVersioned" | "deleteVersioned" | "checkVersion" }
        >;
        conflicts.push({ key: op.key, expected: op.expectedVersion ?? null, actual: Number(pairs[i + 1]) });
      }
      return { ok: false, conflicts };
    }
    case "wrongtype": {
      const op = opAt(first);
      throw wrongKindError(op.key, wantedKind(op), typeName(String(second)));
    }
    case "notinteger": {
      const op = opAt(first) as Extract<WriteOp, { op: "hincrby" }>;
      throw new StorageWrongTypeError(
        `Field ${JSON.stringify(op.field)} of key ${JSON.stringify(op.key)} does not hold a whole number`,
        op.key,
      );
    }
    case "overflow": {
      const op = opAt(first) as Extract<WriteOp, { op: "hincrby" }>;
      throw new StorageCommandError(
        `Incrementing field ${JSON.stringify(op.field)} of ${JSON.stringify(op.key)} would overflow`,
      );
    }
    default:
      throw new StorageCommandError(`Unexpected batch reply: ${JSON.stringify(reply)}`);
  }
}

import {
  type BatchResult,
  checks,
  LOG_START,
  type LockHandle,
  parseEventId,
  StatusEmitter,
  type StorageAdapter,
  type StorageCapabilities,
  StorageClosedError,
  StorageCrossSlotError,
  StorageInvalidArgumentError,
  type StorageStatus,
  type StorageStatusEvent,
  StorageTimeoutError,
  StorageUnavailableError,
  type StoredEvent,
  type ValueKind,
  type VersionedValue,
  type WriteOp,
  wrongKindError,
} from "@mcpstore/storage";
import { Cluster } from "ioredis";
import { decodeBatchReply, encodeBatch, typeName } from "./batch-encoding.js";
import { BlockingPool } from "./blocking-pool.js";
import { type Client, createClient } from "./clients.js";
import type { RedisMode, ResolvedRedisConfig } from "./config.js";
import { connectClient, onClientErrors, verifyDatabase } from "./connect.js";
import { toStorageError } from "./errors.js";
import { GroupCommit } from "./group-commit.js";
import { createReplicaAcks, type ReplicaAcks } from "./replica-acks.js";
import { toEvents, toRecord, xreadEvents } from "./replies.js";
import {
  BATCH,
  EXPIRE_MANY,
  EXTEND_LOCK,
  GET_MANY_VERSIONED,
  RELEASE_LOCK,
  type ScriptRunner,
  SET_MANY,
} from "./scripts.js";
import { groupBySlot, keySlot } from "./slot.js";

const KINDS: Readonly<Record<RedisMode, string>> = {
  standalone: "redis",
  sentinel: "redis-sentinel",
  cluster: "redis-cluster",
};

/** While down, how often a PING checks whether Redis is back (the Cluster has no "ready" per node). */
const PROBE_INTERVAL_MS = 500;
/** Our own deadline sits just behind ioredis's command timeout, for the paths ioredis does not time. */
const DEADLINE_GRACE_MS = 100;
const SCAN_COUNT = 1000;
/** Keys per command for multi-key operations: big inputs become several commands, sent back to back. */
const KEYS_PER_COMMAND = 1000;

/** The first key of a write command (EVAL/EVALSHA: after the script and the key count), for its slot. */
function keyOf(command: string, args: readonly (string | number)[]): string | undefined {
  const key = command === "EVALSHA" || command === "EVAL" ? args[2] : args[0];
  return key === undefined ? undefined : String(key);
}

const escapeGlob = (text: string) => text.replace(/[*?[\]\\]/g, "\\$&");

interface RunOptions {
  keys?: readonly string[];
  wanted?: ValueKind;
}

/**
 * The StorageAdapter on Redis (standalone, Sentinel or Cluster) through ioredis. Made by
 * `createRedisAdapter`, which connects first.
 */
export class RedisAdapter implements StorageAdapter {
  readonly kind: string;
  readonly capabilities: StorageCapabilities;
  readonly #cfg: ResolvedRedisConfig;
  readonly #client: Client;
  readonly #status = new StatusEmitter("connecting");
  readonly #blocking: BlockingPool;
  readonly #acks: ReplicaAcks;
  readonly #groups: GroupCommit;
  readonly #wakeOnClose = new Set<(error: Error) => void>();
  #closed = false;
  #lastError: Error | undefined;
  #healthTimer: NodeJS.Timeout | undefined;
  #probeTimer: NodeJS.Timeout | undefined;

  /** @internal Use `createRedisAdapter`. */
  constructor(cfg: ResolvedRedisConfig) {
    this.#cfg = cfg;
    this.kind = KINDS[cfg.mode];
    this.capabilities = {
      persistent: true,
      shared: true,
      blockingReads: true,
      cluster: cfg.mode === "cluster",
    };
    this.#client = createClient(cfg);
    // Listening before anything connects: an unheard "error" event would crash the process.
    onClientErrors(this.#client, (error) => {
      this.#lastError = error;
    });
    this.#acks = createReplicaAcks(cfg, this.#client);
    this.#groups = new GroupCommit(
      this.#client,
      Math.max(1, Math.floor(cfg.timeoutMs / 2)),
      (command, acks, needed, waitMs) =>
        `${cfg.target}: the write (${command.toLowerCase()}) was confirmed by ${acks} of ${needed} replica(s) within ${waitMs} ms; it may or may not persist`,
      // A replica may have gone: re-read the topology so the next writes wait for those still up.
      () => this.#acks.refresh(),
    );
    this.#client.on("ready", () => {
      // Reconnected, maybe to another master: re-read how many replicas it has.
      this.#acks.refresh();
      this.#markReady();
    });
    this.#client.on("close", () => this.#markDown(this.#lastError ?? new Error("the connection closed")));
    this.#blocking = new BlockingPool(async () => {
      const client = createClient(cfg, true);
      onClientErrors(client, () => {});
      await connectClient(client, cfg);
      return client;
    });
  }

  /** @internal Connects, then starts the health checks. Rejects (and releases everything) on failure. */
  async start(): Promise<void> {
    await connectClient(this.#client, this.#cfg);
    await verifyDatabase(this.#client, this.#cfg);
    try {
      await this.#acks.start();
    } catch (error) {
      this.#client.disconnect();
      throw toStorageError(error, {
        target: this.#cfg.target,
        timeoutMs: this.#cfg.timeoutMs,
        operation: 'reading the replicas (replicaAcks: "all-up")',
      });
    }
    this.#lastError = undefined;
    this.#markReady();
    if (this.#cfg.healthcheckIntervalMs > 0) {
      this.#healthTimer = setInterval(() => void this.#check(), this.#cfg.healthcheckIntervalMs);
      this.#healthTimer.unref();
    }
  }

  get status(): StorageStatus {
    return this.#status.status;
  }

  onStatus(listener: (event: StorageStatusEvent) => void): () => void {
    return this.#status.on(listener);
  }

  // Documents

  async get(key: string): Promise<string | null> {
    checks.assertKey(key);
    return this.#run("get", () => this.#client.get(key), { keys: [key], wanted: "document" });
  }

  async getMany(keys: readonly string[]): Promise<(string | null)[]> {
    checks.assertKeys(keys);
    const values: (string | null)[] = new Array(keys.length).fill(null);
    await this.#perSlot("getMany", keys, async (group) => {
      const found = (await this.#client.call("MGET", group.keys)) as (string | null)[];
      group.positions.forEach((position, i) => {
        values[position] = found[i] ?? null;
      });
    });
    return values;
  }

  async set(key: string, value: string, options?: { ttlMs?: number }): Promise<void> {
    checks.assertKey(key);
    checks.assertString(value, "value");
    checks.assertOptionalTtlMs(options?.ttlMs);
    const ttlMs = options?.ttlMs;
    await this.#run(
      "set",
      () => this.#write("SET", ttlMs === undefined ? [key, value] : [key, value, "PX", ttlMs]),
      {
        keys: [key],
      },
    );
  }

  async setMany(entries: readonly { key: string; value: string; ttlMs?: number }[]): Promise<void> {
    if (!Array.isArray(entries)) throw new StorageInvalidArgumentError("Invalid entries: expected an array");
    for (const entry of entries) {
      checks.assertKey(entry?.key);
      checks.assertString(entry.value, `value of ${JSON.stringify(entry.key)}`);
      checks.assertOptionalTtlMs(entry.ttlMs);
    }
    await this.#perSlot(
      "setMany",
      entries.map((e) => e.key),
      async (group) => {
        const chosen = group.positions.map((p) => entries[p]!);
        if (chosen.every((e) => e.ttlMs === undefined)) {
          await this.#write(
            "MSET",
            chosen.flatMap((e) => [e.key, e.value]),
          );
        } else {
          await SET_MANY.run(
            this.#writer,
            group.keys,
            chosen.flatMap((e) => [e.value, e.ttlMs === undefined ? "" : String(e.ttlMs)]),
          );
        }
      },
    );
  }

  async delete(...keys: string[]): Promise<number> {
    checks.assertKeys(keys);
    let existed = 0;
    await this.#perSlot("delete", keys, async (group) => {
      const deleted = Number(await this.#write("DEL", group.keys));
      existed += deleted;
    });
    return existed;
  }

  async expire(keys: readonly string[], ttlMs: number): Promise<number> {
    checks.assertKeys(keys);
    checks.assertTtlMs(ttlMs);
    let existed = 0;
    await this.#perSlot("expire", keys, async (group) => {
      // Read the reply first: `existed += await …` would add to a stale total when groups run in parallel.
      const expired = Number(await EXPIRE_MANY.run(this.#writer, group.keys, [String(ttlMs)]));
      existed += expired;
    });
    return existed;
  }

  // Hashes

  async hgetall(key: string): Promise<Record<string, string>> {
    checks.assertKey(key);
    return toRecord(
      await this.#run("hgetall", () => this.#client.hgetall(key), { keys: [key], wanted: "hash" }),
    );
  }

  async hset(key: string, fields: Readonly<Record<string, string>>): Promise<void> {
    checks.assertKey(key);
    checks.assertFields(fields);
    this.#assertOpen();
    if (Object.keys(fields).length === 0) return;
    await this.#run("hset", () => this.#write("HSET", [key].concat(Object.entries(fields).flat())), {
      keys: [key],
      wanted: "hash",
    });
  }

  async hdel(key: string, fields: readonly string[]): Promise<number> {
    checks.assertKey(key);
    checks.assertFieldNames(fields);
    this.#assertOpen();
    if (fields.length === 0) return 0;
    return this.#run("hdel", async () => Number(await this.#write("HDEL", [key].concat(fields))), {
      keys: [key],
      wanted: "hash",
    });
  }

  async hincrby(key: string, field: string, by: number): Promise<number> {
    checks.assertKey(key);
    checks.assertString(field, "field");
    checks.assertInteger(by, "by");
    return this.#run("hincrby", async () => Number(await this.#write("HINCRBY", [key, field, by])), {
      keys: [key],
      wanted: "hash",
    });
  }

  // Versioned documents

  async getVersioned(key: string): Promise<VersionedValue | null> {
    checks.assertKey(key);
    const [value, version] = await this.#run(
      "getVersioned",
      () => this.#client.hmget(key, "value", "version"),
      {
        keys: [key],
        wanted: "versioned document",
      },
    );
    return version === null || version === undefined
      ? null
      : { value: value ?? "", version: Number(version) };
  }

  async getManyVersioned(keys: readonly string[]): Promise<(VersionedValue | null)[]> {
    checks.assertKeys(keys);
    const values: (VersionedValue | null)[] = new Array(keys.length).fill(null);
    await this.#perSlot("getManyVersioned", keys, async (group) => {
      const [tag, first, second] = (await GET_MANY_VERSIONED.run(this.#reader, group.keys, [])) as unknown[];
      if (tag === "wrongtype") {
        throw wrongKindError(group.keys[Number(first)]!, "versioned document", typeName(String(second)));
      }
      const flat = first as (string | null)[];
      group.positions.forEach((position, i) => {
        const version = flat[2 * i + 1];
        values[position] =
          version === null || version === undefined
            ? null
            : { value: flat[2 * i] ?? "", version: Number(version) };
      });
    });
    return values;
  }

  async batch(ops: readonly WriteOp[]): Promise<BatchResult> {
    this.#assertOpen();
    checks.assertWriteOps(ops);
    if (ops.length === 0) return { ok: true, versions: {}, eventIds: [] };
    const keys = ops.map((op) => op.key);
    if (this.capabilities.cluster && new Set(keys.map(keySlot)).size > 1) {
      throw new StorageCrossSlotError([...new Set(keys)]);
    }
    const { args } = encodeBatch(ops);
    const reply = await this.#run("batch", () => BATCH.run(this.#writer, keys, args), { keys });
    return decodeBatchReply(ops, reply);
  }

  // Locks

  async acquireLock(key: string, ttlMs: number): Promise<LockHandle | null> {
    checks.assertKey(key);
    checks.assertTtlMs(ttlMs);
    const token = globalThis.crypto.randomUUID();
    const reply = await this.#run("acquireLock", () => this.#write("SET", [key, token, "PX", ttlMs, "NX"]), {
      keys: [key],
    });
    return reply === "OK" ? { key, token } : null;
  }

  async releaseLock(lock: LockHandle): Promise<boolean> {
    this.#assertLock(lock);
    const reply = await this.#run(
      "releaseLock",
      () => RELEASE_LOCK.run(this.#writer, [lock.key], [lock.token]),
      {
        keys: [lock.key],
        wanted: "lock",
      },
    );
    return Number(reply) === 1;
  }

  async extendLock(lock: LockHandle, ttlMs: number): Promise<boolean> {
    this.#assertLock(lock);
    checks.assertTtlMs(ttlMs);
    const reply = await this.#run(
      "extendLock",
      () => EXTEND_LOCK.run(this.#writer, [lock.key], [lock.token, String(ttlMs)]),
      { keys: [lock.key], wanted: "lock" },
    );
    return Number(reply) === 1;
  }

  // Event log

  async lastEventId(key: string): Promise<string> {
    checks.assertKey(key);
    const reply = await this.#run("lastEventId", () => this.#client.xrevrange(key, "+", "-", "COUNT", 1), {
      keys: [key],
      wanted: "event log",
    });
    return toEvents(reply)[0]?.id ?? LOG_START;
  }

  async firstEventId(key: string): Promise<string> {
    checks.assertKey(key);
    // XRANGE replies with an array of entries under RESP2 and RESP3 alike; the key routes it in Cluster.
    const reply = await this.#run("firstEventId", () => this.#client.xrange(key, "-", "+", "COUNT", 1), {
      keys: [key],
      wanted: "event log",
    });
    return toEvents(reply)[0]?.id ?? LOG_START;
  }

  async readEvents(
    key: string,
    afterId: string,
    options?: { count?: number; blockMs?: number },
  ): Promise<StoredEvent[]> {
    checks.assertKey(key);
    parseEventId(afterId);
    checks.assertReadOptions(options);
    const count = options?.count === undefined ? [] : ["COUNT", String(options.count)];
    const blockMs = options?.blockMs ?? 0;
    if (blockMs === 0) {
      const reply = await this.#run(
        "readEvents",
        () => this.#client.call("XREAD", ...count, "STREAMS", key, afterId),
        {
          keys: [key],
          wanted: "event log",
        },
      );
      return xreadEvents(reply);
    }
    return this.#blockingRead(key, afterId, count, blockMs);
  }

  // Discovery

  async scanPrefix(prefix: string): Promise<string[]> {
    checks.assertString(prefix, "prefix");
    const pattern = `${escapeGlob(prefix)}*`;
    const found = new Set<string>();
    for (const node of this.#masters()) {
      let cursor = "0";
      do {
        const [next, keys] = await this.#run("scanPrefix", () =>
          node.scan(cursor, "MATCH", pattern, "COUNT", SCAN_COUNT),
        );
        for (const key of keys) found.add(key);
        cursor = next;
      } while (cursor !== "0");
    }
    return [...found];
  }

  // Lifecycle

  async ping(): Promise<void> {
    await this.#run("ping", () => Promise.all(this.#masters().map((node) => node.ping())));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#healthTimer);
    clearInterval(this.#probeTimer);
    this.#acks.close();
    for (const wake of [...this.#wakeOnClose])
      wake(new StorageClosedError("The storage adapter was closed during a blocking read"));
    this.#blocking.closeAll();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.#client.quit().catch(() => {}),
      new Promise((resolve) => {
        timer = setTimeout(resolve, this.#cfg.timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    this.#client.disconnect();
    this.#status.set("closed");
    this.#status.clear();
  }

  // Internals

  /** Runs a read command. */
  readonly #reader: ScriptRunner = { call: (command, args) => this.#client.call(command, args) };
  /** Runs a write command; with `replicaAcks`, acknowledged only once that many replicas have it. */
  readonly #writer: ScriptRunner = { call: (command, args) => this.#write(command, args) };

  /**
   * A write command. When replicas must confirm it (`replicaAcks`, see replica-acks.ts) it goes out with
   * `WAIT n timeout` in the same round trip (grouped with concurrent writes, see group-commit.ts), and
   * resolves only if n replicas confirmed it — so an acknowledged write survives a failover to any of
   * them. Otherwise it rejects with StorageUnavailableError: the write may or may not persist (the
   * store keeps it queued).
   */
  async #write(command: string, args: (string | number)[]): Promise<unknown> {
    const key = keyOf(command, args);
    const needed = this.#acks.needed(key);
    if (needed === 0) return this.#client.call(command, args);
    const lane = this.capabilities.cluster && key !== undefined ? keySlot(key) : 0;
    return this.#groups.write(lane, needed, command, args);
  }

  /** The nodes that hold data: every master of a Cluster, or the one server. */
  #masters(): Client[] {
    this.#assertOpen();
    if (this.#client instanceof Cluster) {
      const masters = this.#client.nodes("master");
      if (masters.length === 0)
        throw new StorageUnavailableError(`${this.#cfg.target} has no reachable master`);
      return masters;
    }
    return [this.#client];
  }

  /** Runs one Redis operation with the adapter's deadline, mapping every failure to a StorageError. */
  async #run<T>(operation: string, fn: () => Promise<T>, options: RunOptions = {}): Promise<T> {
    if (this.#closed) throw new StorageClosedError();
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        fn(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error("Command timed out")),
            this.#cfg.timeoutMs + DEADLINE_GRACE_MS,
          );
        }),
      ]);
    } catch (error) {
      const mapped = toStorageError(error, {
        target: this.#cfg.target,
        timeoutMs: this.#cfg.timeoutMs,
        operation,
        closed: this.#closed,
        ...options,
      });
      if (mapped instanceof StorageUnavailableError) this.#markDown(mapped);
      throw mapped;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * One command per Cluster slot (one in all for keys of one dataspace) and per 1000 keys, all sent at
   * once.
   */
  async #perSlot(
    operation: string,
    keys: readonly string[],
    send: (group: { keys: string[]; positions: number[] }) => Promise<void>,
  ): Promise<void> {
    this.#assertOpen();
    if (keys.length === 0) return;
    const groups = groupBySlot(keys, this.capabilities.cluster).flatMap((group) => {
      const parts = [];
      for (let start = 0; start < group.keys.length; start += KEYS_PER_COMMAND) {
        const end = start + KEYS_PER_COMMAND;
        parts.push({ keys: group.keys.slice(start, end), positions: group.positions.slice(start, end) });
      }
      return parts;
    });
    await Promise.all(groups.map((group) => this.#run(operation, () => send(group), { keys: group.keys })));
  }

  #blockingRead(key: string, afterId: string, count: string[], blockMs: number): Promise<StoredEvent[]> {
    this.#assertOpen();
    const context = {
      target: this.#cfg.target,
      timeoutMs: this.#cfg.timeoutMs,
      operation: "readEvents",
      keys: [key],
    };
    return new Promise<StoredEvent[]>((resolve, reject) => {
      let settled = false;
      let connection: Client | undefined;
      let timer: NodeJS.Timeout | undefined;
      const finish = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.#wakeOnClose.delete(onClose);
        outcome();
      };
      const onClose = (error: Error) =>
        finish(() => {
          if (connection) this.#blocking.discard(connection);
          reject(error);
        });
      this.#wakeOnClose.add(onClose);
      this.#blocking.acquire().then(
        (client) => {
          if (settled) {
            this.#blocking.discard(client);
            return;
          }
          connection = client;
          const deadline = blockMs + this.#cfg.timeoutMs;
          timer = setTimeout(
            () =>
              finish(() => {
                this.#blocking.discard(client);
                reject(
                  new StorageTimeoutError(
                    `${this.#cfg.target} did not end a blocking read within ${deadline} ms`,
                    deadline,
                  ),
                );
              }),
            deadline,
          );
          client.call("XREAD", ...count, "BLOCK", String(blockMs), "STREAMS", key, afterId).then(
            (reply) =>
              finish(() => {
                this.#blocking.release(client);
                resolve(xreadEvents(reply));
              }),
            (error: unknown) =>
              finish(() => {
                this.#blocking.discard(client);
                reject(toStorageError(error, { ...context, wanted: "event log", closed: this.#closed }));
              }),
          );
        },
        (error: unknown) => finish(() => reject(toStorageError(error, { ...context, closed: this.#closed }))),
      );
    });
  }

  #assertOpen(): void {
    if (this.#closed) throw new StorageClosedError();
  }

  #assertLock(lock: LockHandle): void {
    if (lock === null || typeof lock !== "object")
      throw new StorageInvalidArgumentError("Invalid lock: expected { key, token }");
    checks.assertKey(lock.key, "lock key");
    checks.assertString(lock.token, "lock token");
  }

  async #check(): Promise<void> {
    try {
      await this.ping();
      this.#markReady();
    } catch (error) {
      if (!this.#closed) this.#markDown(error as Error);
    }
  }

  #markReady(): void {
    if (this.#closed) return;
    clearInterval(this.#probeTimer);
    this.#probeTimer = undefined;
    this.#status.set("ready");
  }

  #markDown(error: Error): void {
    if (this.#closed || this.#status.status === "connecting") return;
    this.#status.set("down", error);
    if (this.#probeTimer) return;
    this.#probeTimer = setInterval(() => void this.#check(), PROBE_INTERVAL_MS);
    this.#probeTimer.unref();
  }
}

import type { Keyspace } from "@mcpstore/keyspace";
import { type StorageAdapter, StorageUnavailableError, type WriteOp } from "@mcpstore/storage";
import type { Logger } from "../logger.js";
import { StatsBuffer, type StatsDelta } from "../stats/stats-buffer.js";
import { isUnavailable } from "../sync/outage-queue.js";

/** How long an instance's flush sequence key outlives its last flush. */
const SEQUENCE_TTL_MS = 7 * 24 * 3600_000;

/**
 * A flush whose outcome is unknown: it failed on the way (a timeout, a connection cut) and may or may
 * not have been applied. It is retried as it was, under the same sequence condition, so its counts
 * land exactly once: if the first try was applied, the sequence has moved and the retry is refused.
 */
export interface InDoubtFlush {
  /** The sequence key the batch is conditioned on (the instance that made it). */
  readonly sequenceKey: string;
  /** The sequence's version the batch expects; null: it did not exist. */
  readonly expectedVersion: number | null;
  readonly deltas: readonly StatsDelta[];
}

/**
 * Call statistics: counted in memory on the call path (`record`), written to `tools:{tool}:stats`
 * in one batch per interval and on close, with HINCRBY so every instance's counts add up.
 *
 * - `flush()` covers every call recorded before it was asked for: if a flush is already writing (it
 *   drained the buffer earlier), another one runs after it for what came since.
 * - Exactly once: HINCRBY is not idempotent, so every batch also advances this instance's sequence
 *   document with compare-and-set; a batch retried after a timeout is refused if the first try landed.
 */
export class StatsFlusher {
  readonly buffer = new StatsBuffer();
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> | undefined;
  /** The flush that follows the one in progress; shared by every caller that arrives meanwhile. */
  #next: Promise<void> | undefined;
  readonly #sequenceKey: string;
  /** Version of our sequence document as last written; null before the first flush. */
  #sequence: number | null = null;
  #inDoubt: InDoubtFlush | undefined;

  constructor(
    private readonly storage: StorageAdapter,
    private readonly keyspace: Keyspace,
    instanceId: string,
    private readonly leaseMs: number | undefined,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {
    this.#sequenceKey = `${keyspace.prefix()}stats-seq:${encodeURIComponent(instanceId)}`;
  }

  start(): void {
    // A failed interval flush keeps its counts for the next one; nothing to report here.
    this.#timer = setInterval(() => this.flush().catch(() => {}), this.intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  /** Tools whose counts storage may not have yet (buffered, or in a flush of unknown outcome). */
  unwrittenTools(): string[] {
    const tools = new Set(this.buffer.tools());
    for (const d of this.#inDoubt?.deltas ?? []) tools.add(d.tool);
    return [...tools];
  }

  /** Hands over everything not written (for a spill file); the flusher holds nothing afterwards. */
  takeUnwritten(): { deltas: StatsDelta[]; inDoubt: InDoubtFlush | undefined } {
    const inDoubt = this.#inDoubt;
    this.#inDoubt = undefined;
    return { deltas: this.buffer.drain(), inDoubt };
  }

  /** Takes back what an earlier instance could not write (from a spill file). */
  adopt(deltas: readonly StatsDelta[], inDoubt: InDoubtFlush | undefined): void {
    this.buffer.restore(deltas);
    if (inDoubt) this.#pendingDoubts.push(inDoubt);
  }

  /** In-doubt flushes of other (earlier) instances, each resolved once under its own sequence. */
  readonly #pendingDoubts: InDoubtFlush[] = [];

  /**
   * Writes every count recorded so far. Rejects (counts kept for the next flush) when storage did not
   * take them.
   */
  flush(): Promise<void> {
    if (!this.#flushing) {
      this.#flushing = this.#flush().finally(() => {
        this.#flushing = undefined;
      });
      return this.#flushing;
    }
    const running = this.#flushing;
    this.#next ??= running
      .catch(() => {})
      .then(() => {
        this.#next = undefined;
        return this.flush();
      });
    return this.#next;
  }

  async #flush(): Promise<void> {
    if (this.#inDoubt) {
      await this.#settle(this.#inDoubt);
      this.#inDoubt = undefined;
    }
    while (this.#pendingDoubts.length) {
      await this.#settle(this.#pendingDoubts[0]!);
      this.#pendingDoubts.shift();
    }
    if (this.buffer.size === 0) return;
    if (this.storage.status !== "ready") {
      throw new StorageUnavailableError(
        `storage is ${this.storage.status}; call counts kept for the next flush`,
      );
    }
    const deltas = this.buffer.drain();
    if (!deltas.length) return;
    for (let attempt = 0; ; attempt++) {
      const flush: InDoubtFlush = { sequenceKey: this.#sequenceKey, expectedVersion: this.#sequence, deltas };
      let result: Awaited<ReturnType<StorageAdapter["batch"]>>;
      try {
        result = await this.storage.batch(this.#ops(flush));
      } catch (error) {
        if (isUnavailable(error)) this.#inDoubt = flush;
        else this.buffer.restore(deltas);
        this.logger.debug("stats flush failed; counts kept for the next one", { error: String(error) });
        throw error;
      }
      if (result.ok) {
        this.#sequence = result.versions[this.#sequenceKey] ?? null;
        return;
      }
      // Our idea of the sequence is stale (a fixed instanceId reused, storage emptied): nothing was
      // applied; adopt what is there and write again.
      this.#sequence = result.conflicts[0]?.actual || null;
      if (attempt >= 3) {
        this.buffer.restore(deltas);
        throw new StorageUnavailableError("stats flush kept losing its sequence race; counts kept");
      }
    }
  }

  /** Retries a flush of unknown outcome under its original condition: applied once either way. */
  async #settle(flush: InDoubtFlush): Promise<void> {
    const result = await this.storage.batch(this.#ops(flush));
    const actual = result.ok ? result.versions[flush.sequenceKey] : result.conflicts[0]?.actual;
    if (flush.sequenceKey === this.#sequenceKey) this.#sequence = actual || null;
    this.logger.debug(
      result.ok ? "stats flush retried and written" : "stats flush had been written before its timeout",
    );
  }

  #ops(flush: InDoubtFlush): WriteOp[] {
    const ops: WriteOp[] = [
      {
        op: "putVersioned",
        key: flush.sequenceKey,
        value: String(Date.now()),
        expectedVersion: flush.expectedVersion,
        ttlMs: this.leaseMs ?? SEQUENCE_TTL_MS,
      },
    ];
    for (const d of flush.deltas) {
      const key = this.keyspace.toolStats(d.tool);
      if (d.calls) ops.push({ op: "hincrby", key, field: "calls", by: d.calls });
      if (d.errors) ops.push({ op: "hincrby", key, field: "errors", by: d.errors });
      if (d.totalMs) ops.push({ op: "hincrby", key, field: "totalMs", by: d.totalMs });
      if (d.lastCalledAt) ops.push({ op: "hset", key, fields: { lastCalledAt: String(d.lastCalledAt) } });
      if (this.leaseMs !== undefined) ops.push({ op: "expire", key, ttlMs: this.leaseMs });
    }
    return ops;
  }
}

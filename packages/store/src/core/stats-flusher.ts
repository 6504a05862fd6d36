import type { Keyspace } from "@mcpstore/keyspace";
import type { StorageAdapter, WriteOp } from "@mcpstore/storage";
import type { Logger } from "../logger.js";
import { StatsBuffer } from "../stats/stats-buffer.js";

/**
 * Call statistics: counted in memory on the call path (`record`), written to `tools:{tool}:stats`
 * in one batch per interval and on close, with HINCRBY so every instance's counts add up.
 */
export class StatsFlusher {
  readonly buffer = new StatsBuffer();
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> | undefined;

  constructor(
    private readonly storage: StorageAdapter,
    private readonly keyspace: Keyspace,
    private readonly leaseMs: number | undefined,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.#timer = setInterval(() => void this.flush(), this.intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  flush(): Promise<void> {
    this.#flushing ??= this.#flush().finally(() => {
      this.#flushing = undefined;
    });
    return this.#flushing;
  }

  async #flush(): Promise<void> {
    if (this.buffer.size === 0 || this.storage.status !== "ready") return;
    const deltas = this.buffer.drain();
    if (!deltas.length) return;
    const ops: WriteOp[] = [];
    for (const d of deltas) {
      const key = this.keyspace.toolStats(d.tool);
      if (d.calls) ops.push({ op: "hincrby", key, field: "calls", by: d.calls });
      if (d.errors) ops.push({ op: "hincrby", key, field: "errors", by: d.errors });
      if (d.totalMs) ops.push({ op: "hincrby", key, field: "totalMs", by: d.totalMs });
      if (d.lastCalledAt) ops.push({ op: "hset", key, fields: { lastCalledAt: String(d.lastCalledAt) } });
      if (this.leaseMs !== undefined) ops.push({ op: "expire", key, ttlMs: this.leaseMs });
    }
    try {
      await this.storage.batch(ops);
    } catch (error) {
      this.buffer.restore(deltas);
      this.logger.debug("stats flush failed; counts kept for the next one", { error: String(error) });
    }
  }
}

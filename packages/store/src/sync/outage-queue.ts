import { isStorageError } from "@mcpstore/storage";
import { WriteQueueFullError } from "../errors.js";
import type { Logger } from "../logger.js";
import type { Intent, Outcome } from "./intents.js";

/** Storage could not be reached: worth queueing and retrying (anything else is a bug or bad input). */
export function isUnavailable(error: unknown): boolean {
  return isStorageError(error, "STORAGE_UNAVAILABLE") || isStorageError(error, "STORAGE_TIMEOUT");
}

/** Intents replayed in one batch at most. */
const DRAIN_GROUP = 200;

interface Queued {
  readonly intents: readonly Intent[];
  readonly onCommitted: (outcomes: Outcome[]) => void;
}

/**
 * Registry writes acknowledged while storage was unreachable, kept in order and bounded. On
 * reconnect they are replayed one by one through the same compare-and-set path as live writes: each
 * re-reads what storage holds now and re-applies its intent on top, so a replayed change that meets a
 * newer document reconciles instead of being dropped or clobbering blindly.
 */
export class OutageQueue {
  readonly #items: Queued[] = [];
  #size = 0;
  #draining: Promise<boolean> | undefined;

  constructor(
    readonly limit: number,
    private readonly logger: Logger,
  ) {}

  /** The services with a queued change, oldest first (a service changed twice appears twice). */
  pendingNames(): string[] {
    return this.#items.flatMap((item) => item.intents.map((i) => i.name));
  }

  /** Intents waiting (the bound applies to this count). */
  get size(): number {
    return this.#size;
  }

  /** Queues `intents`, or throws {@link WriteQueueFullError} (nothing queued) when they do not fit. */
  push(intents: readonly Intent[], onCommitted: (outcomes: Outcome[]) => void, cause?: unknown): void {
    if (this.#size + intents.length > this.limit) throw new WriteQueueFullError(this.limit, cause);
    // Replayed after an outage, an add wins over whatever appeared meanwhile: the caller was told it
    // succeeded, so refusing it later would lose an acknowledged change.
    const replayable = intents.map((i) =>
      i.kind === "put" && i.ifExists === "error" ? { ...i, ifExists: "replace" as const } : i,
    );
    this.#items.push({ intents: replayable, onCommitted });
    this.#size += intents.length;
  }

  /**
   * Replays queued writes in order with `commit`, several at a time (consecutive writes to distinct
   * services share one atomic batch, so the drain outpaces writers instead of trailing one round trip
   * per change behind them). Stops at the first group that still cannot reach storage (it stays first
   * in line) and resolves false; true once the queue is empty. One drain at a time; writes queued while
   * it runs are drained by the same run.
   */
  drain(commit: (intents: readonly Intent[]) => Promise<Outcome[]>): Promise<boolean> {
    this.#draining ??= this.#drain(commit).finally(() => {
      this.#draining = undefined;
    });
    return this.#draining;
  }

  async #drain(commit: (intents: readonly Intent[]) => Promise<Outcome[]>): Promise<boolean> {
    let groupLimit = DRAIN_GROUP;
    while (this.#items.length) {
      const group = this.#group(groupLimit);
      let outcomes: Outcome[];
      try {
        outcomes = await commit(group.flatMap((item) => item.intents));
      } catch (error) {
        if (isUnavailable(error)) return false;
        if (group.length > 1) {
          // One of them is refused for itself: replay one by one to find it and keep the others.
          groupLimit = 1;
          continue;
        }
        // Not an outage (e.g. a config that no longer validates): retrying forever would block every
        // later write, so this one is reported and dropped.
        this.logger.error("dropping a queued write that storage refused", {
          services: group[0]!.intents.map((i) => i.name),
          error: (error as Error).message,
        });
        this.#shift(1);
        continue;
      }
      this.#shift(group.length);
      let at = 0;
      for (const item of group) {
        item.onCommitted(outcomes.slice(at, at + item.intents.length));
        at += item.intents.length;
      }
      groupLimit = DRAIN_GROUP;
    }
    return true;
  }

  /** The first queued writes, up to `limit` intents, each service at most once (one batch plans each once). */
  #group(limit: number): Queued[] {
    const group: Queued[] = [];
    const names = new Set<string>();
    let size = 0;
    for (const item of this.#items) {
      if (group.length && size + item.intents.length > limit) break;
      if (item.intents.some((i) => names.has(i.name))) break;
      for (const i of item.intents) names.add(i.name);
      group.push(item);
      size += item.intents.length;
    }
    return group;
  }

  #shift(count: number): void {
    for (const item of this.#items.splice(0, count)) this.#size -= item.intents.length;
  }
}

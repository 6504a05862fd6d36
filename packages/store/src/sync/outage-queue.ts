import { isStorageError } from "@mcpstore/storage";
import { WriteQueueFullError } from "../errors.js";
import type { Logger } from "../logger.js";
import type { Intent, Outcome } from "./intents.js";

/** Storage could not be reached: worth queueing and retrying (anything else is a bug or bad input). */
export function isUnavailable(error: unknown): boolean {
  return isStorageError(error, "STORAGE_UNAVAILABLE") || isStorageError(error, "STORAGE_TIMEOUT");
}

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
  #draining: Promise<void> | undefined;

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
   * Replays queued writes in order with `commit`. Stops at the first one that still cannot reach
   * storage (it stays first in line); one drain at a time.
   */
  drain(commit: (intents: readonly Intent[]) => Promise<Outcome[]>): Promise<void> {
    this.#draining ??= this.#drain(commit).finally(() => {
      this.#draining = undefined;
    });
    return this.#draining;
  }

  async #drain(commit: (intents: readonly Intent[]) => Promise<Outcome[]>): Promise<void> {
    while (this.#items.length) {
      const next = this.#items[0]!;
      let outcomes: Outcome[];
      try {
        outcomes = await commit(next.intents);
      } catch (error) {
        if (isUnavailable(error)) return;
        // Not an outage (e.g. a config that no longer validates): retrying forever would block every
        // later write, so this one is reported and dropped.
        this.logger.error("dropping a queued write that storage refused", {
          services: next.intents.map((i) => i.name),
          error: (error as Error).message,
        });
        this.#shift();
        continue;
      }
      this.#shift();
      next.onCommitted(outcomes);
    }
  }

  #shift(): void {
    const item = this.#items.shift();
    if (item) this.#size -= item.intents.length;
  }
}

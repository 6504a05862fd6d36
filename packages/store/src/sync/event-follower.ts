import { compareEventIds, isStorageError, parseEventId, type StorageAdapter } from "@mcpstore/storage";
import type { Logger } from "../logger.js";
import { parseWireEvent, type WireEvent } from "./records.js";

const BATCH = 512;

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref?.());

export interface FollowerHandlers {
  /** Applies one change of another instance. */
  readonly apply: (event: WireEvent) => void | Promise<void>;
  /**
   * The stream was trimmed past our position: reloads the registry and resolves to the stream position
   * the reload reflects, or `undefined` when it did not reload (reading on is then left as it was).
   */
  readonly reload: () => Promise<string | undefined>;
}

export interface FollowerOptions {
  /** How long one blocking read waits. */
  readonly blockMs: number;
  /** Newest events the stream keeps (the `maxLen` of every append). */
  readonly eventLogMaxLen: number;
}

/**
 * Follows the dataspace's event stream from a position and hands each change to `apply`. Blocking
 * reads make a change visible here as soon as it is appended; errors (storage down) back off and
 * resume from the same position.
 *
 * The stream is capped: a follower further behind than the cap would read on after entries that were
 * trimmed and silently miss them. It can only be that far behind after a failed read, or when a read
 * comes back full (a batch is never larger than the cap, and a trimmed log still holds at least the cap
 * of entries, all newer than our position) — only then does it ask for the oldest entry kept (one
 * round trip), and if that is newer than its position it reloads the registry instead of applying.
 */
export class EventFollower {
  #position = "0-0";
  #running = false;
  #loop: Promise<void> | undefined;
  #failures = 0;
  #mayBeBehind = false;
  readonly #batch: number;

  constructor(
    private readonly storage: StorageAdapter,
    private readonly key: string,
    private readonly handlers: FollowerHandlers,
    private readonly logger: Logger,
    private readonly options: FollowerOptions,
  ) {
    this.#batch = Math.min(BATCH, options.eventLogMaxLen);
  }

  get position(): string {
    return this.#position;
  }

  /** Moves the read position (after a snapshot reload). */
  setPosition(id: string): void {
    this.#position = id;
  }

  start(from: string): void {
    this.#position = from;
    if (this.#running) return;
    this.#running = true;
    this.#loop = this.#run();
  }

  /** Stops following; resolves once the loop has exited (a blocked read ends when storage closes). */
  stop(): Promise<void> {
    this.#running = false;
    return this.#loop ?? Promise.resolve();
  }

  async #run(): Promise<void> {
    while (this.#running) {
      let events: Awaited<ReturnType<StorageAdapter["readEvents"]>>;
      const from = this.#position;
      try {
        events = await this.storage.readEvents(this.key, from, {
          count: this.#batch,
          blockMs: this.options.blockMs,
        });
        if (this.#running && this.#position === from && (this.#mayBeBehind || events.length >= this.#batch)) {
          if (await this.#reloadIfTrimmed(from)) continue;
        }
      } catch (error) {
        if (!this.#running || isStorageError(error, "STORAGE_CLOSED")) return;
        this.#failures++;
        this.#mayBeBehind = true;
        if (this.#failures === 1)
          this.logger.debug("event stream read failed; retrying", { error: String(error) });
        await pause(Math.min(2_000, 50 * 2 ** Math.min(this.#failures, 6)));
        continue;
      }
      this.#failures = 0;
      this.#mayBeBehind = false;
      if (!this.#running) return;
      // A snapshot reload moved the position while this read was in flight: its events are stale.
      if (this.#position !== from) continue;
      for (const entry of events) {
        this.#position = entry.id;
        const event = parseWireEvent(entry.payload);
        if (!event) {
          this.logger.debug("skipping an event that is not ours", { id: entry.id });
          continue;
        }
        try {
          await this.handlers.apply(event);
        } catch (error) {
          this.logger.error("applying a change from another instance failed", {
            service: event.service,
            error: (error as Error).message,
          });
        }
      }
    }
  }

  /**
   * Whether entries after `from` may have been trimmed (the oldest one kept is newer); if so, reloads
   * and moves to the reload's position. Reading from the very start (an empty log at start-up) counts
   * too: whatever was trimmed since came after the snapshot. A spurious reload is harmless (applying a
   * snapshot is idempotent by version). Rejects like a read when storage fails.
   */
  async #reloadIfTrimmed(from: string): Promise<boolean> {
    const oldest = await this.storage.firstEventId(this.key);
    if (compareEventIds(parseEventId(oldest), parseEventId(from)) <= 0) return false;
    this.logger.warn("fell behind the event stream by more than its cap; reloading the registry", {
      position: from,
      oldestKept: oldest,
    });
    const position = await this.handlers.reload();
    if (position === undefined) return false;
    this.#failures = 0;
    this.#mayBeBehind = false;
    // A reset reload (storage lost its data) may have moved the position meanwhile; it wins.
    if (this.#position === from) this.#position = position;
    return true;
  }
}

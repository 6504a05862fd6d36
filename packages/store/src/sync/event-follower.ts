import { isStorageError, type StorageAdapter } from "@mcpstore/storage";
import type { Logger } from "../logger.js";
import { parseWireEvent, type WireEvent } from "./records.js";

const BATCH = 512;

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref?.());

/**
 * Follows the dataspace's event stream from a position and hands each change to `apply`. Blocking
 * reads make a change visible here as soon as it is appended; errors (storage down) back off and
 * resume from the same position, so nothing in the stream is skipped.
 */
export class EventFollower {
  #position = "0-0";
  #running = false;
  #loop: Promise<void> | undefined;
  #failures = 0;

  constructor(
    private readonly storage: StorageAdapter,
    private readonly key: string,
    private readonly apply: (event: WireEvent) => void | Promise<void>,
    private readonly logger: Logger,
    private readonly blockMs: number,
  ) {}

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
        events = await this.storage.readEvents(this.key, from, { count: BATCH, blockMs: this.blockMs });
      } catch (error) {
        if (!this.#running || isStorageError(error, "STORAGE_CLOSED")) return;
        this.#failures++;
        if (this.#failures === 1)
          this.logger.debug("event stream read failed; retrying", { error: String(error) });
        await pause(Math.min(2_000, 50 * 2 ** Math.min(this.#failures, 6)));
        continue;
      }
      this.#failures = 0;
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
          await this.apply(event);
        } catch (error) {
          this.logger.error("applying a change from another instance failed", {
            service: event.service,
            error: (error as Error).message,
          });
        }
      }
    }
  }
}

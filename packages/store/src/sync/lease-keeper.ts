import type { StorageAdapter } from "@mcpstore/storage";
import type { Logger } from "../logger.js";

/**
 * Keeps an auto dataspace alive while its store lives: every key under the prefix gets its TTL
 * refreshed periodically (writes also set it as they create keys), and `release()` deletes them all.
 * If the process dies without closing, the keys expire on their own: an auto dataspace never leaves
 * garbage.
 */
export class LeaseKeeper {
  #timer: NodeJS.Timeout | undefined;
  #refreshing: Promise<void> | undefined;

  constructor(
    private readonly storage: StorageAdapter,
    private readonly prefix: string,
    readonly ttlMs: number,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.#timer = setInterval(() => void this.refresh(), Math.max(1_000, Math.floor(this.ttlMs / 3)));
    this.#timer.unref();
  }

  refresh(): Promise<void> {
    this.#refreshing ??= (async () => {
      try {
        const keys = await this.storage.scanPrefix(this.prefix);
        if (keys.length) await this.storage.expire(keys, this.ttlMs);
      } catch (error) {
        this.logger.debug("auto dataspace lease refresh failed; will retry", { error: String(error) });
      } finally {
        this.#refreshing = undefined;
      }
    })();
    return this.#refreshing;
  }

  /** Stops refreshing and deletes every key of the dataspace. */
  async release(): Promise<void> {
    clearInterval(this.#timer);
    await this.#refreshing;
    const keys = await this.storage.scanPrefix(this.prefix);
    for (let i = 0; i < keys.length; i += 500) await this.storage.delete(...keys.slice(i, i + 500));
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}

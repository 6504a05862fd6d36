import type { StorageStatusEvent } from "./adapter.js";
import type { StorageStatus } from "./status.js";

/**
 * Holds an adapter's status and tells listeners when it changes (only on change). A listener that
 * throws is isolated: the others still hear about it and the adapter keeps working.
 */
export class StatusEmitter {
  #status: StorageStatus;
  readonly #listeners = new Set<(event: StorageStatusEvent) => void>();

  constructor(initial: StorageStatus) {
    this.#status = initial;
  }

  get status(): StorageStatus {
    return this.#status;
  }

  /** Moves to `status`; returns whether it changed. "closed" is final. */
  set(status: StorageStatus, error?: Error): boolean {
    if (this.#status === status || this.#status === "closed") return false;
    this.#status = status;
    const event: StorageStatusEvent = error ? { status, error } : { status };
    for (const listener of [...this.#listeners]) {
      try {
        listener(event);
      } catch {
        // A faulty listener must not break the connection handling that reports to it.
      }
    }
    return true;
  }

  on(listener: (event: StorageStatusEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  clear(): void {
    this.#listeners.clear();
  }
}

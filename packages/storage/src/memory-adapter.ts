import type { StorageAdapter } from "./adapter.js";

/** In-process storage: the embedded default. */
export class MemoryAdapter implements StorageAdapter {
  readonly #docs = new Map<string, string>();

  async get(key: string): Promise<string | null> {
    return this.#docs.get(key) ?? null;
  }

  async set(key: string, value: string): Promise<void> {
    this.#docs.set(key, value);
  }

  async delete(key: string): Promise<boolean> {
    return this.#docs.delete(key);
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    this.#docs.clear();
  }
}

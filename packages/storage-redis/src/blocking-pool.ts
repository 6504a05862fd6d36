import type { Client } from "./clients.js";

/**
 * Dedicated connections for blocking reads (Redis serves one client's commands in order, so an
 * XREAD BLOCK on the main connection would hold up every other command). One connection per read in
 * progress; up to `maxIdle` are kept for the next reads, the rest are closed.
 */
export class BlockingPool {
  readonly #idle: Client[] = [];
  readonly #open = new Set<Client>();
  #closed = false;

  constructor(
    private readonly connect: () => Promise<Client>,
    private readonly maxIdle = 2,
  ) {}

  /** A ready connection: an idle one, or a new one. */
  async acquire(): Promise<Client> {
    for (let client = this.#idle.pop(); client; client = this.#idle.pop()) {
      if (client.status === "ready") return client;
      this.discard(client);
    }
    const client = await this.connect();
    if (this.#closed) {
      client.disconnect();
      throw new Error("Connection is closed.");
    }
    this.#open.add(client);
    return client;
  }

  /** Gives back a connection whose read finished normally. */
  release(client: Client): void {
    if (this.#closed || client.status !== "ready" || this.#idle.length >= this.maxIdle) this.discard(client);
    else this.#idle.push(client);
  }

  /** Closes a connection that failed or may still have a read pending. */
  discard(client: Client): void {
    this.#open.delete(client);
    client.disconnect();
  }

  /** Number of connections open (idle or in use). */
  get size(): number {
    return this.#open.size;
  }

  closeAll(): void {
    this.#closed = true;
    this.#idle.length = 0;
    for (const client of this.#open) client.disconnect();
    this.#open.clear();
  }
}

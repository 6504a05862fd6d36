import { randomUUID } from "node:crypto";
import type { Keyspace } from "@mcpstore/keyspace";
import type { StorageAdapter } from "@mcpstore/storage";

interface MetaDocument {
  readonly layout: 1;
  /** Changes when storage lost the dataspace (e.g. Redis restarted empty): versions restart then. */
  readonly epoch: string;
  readonly createdAt: number;
  readonly auto: boolean;
}

function parseMeta(text: string): MetaDocument | null {
  try {
    const v = JSON.parse(text) as MetaDocument;
    return typeof v?.epoch === "string" ? v : null;
  } catch {
    return null;
  }
}

/**
 * The dataspace's meta document and the epoch this instance knows it by: when storage comes back
 * without it (Redis restarted empty), a new epoch tells the instance that versions restarted and the
 * registry must be put back.
 */
export class DataspaceMeta {
  #epoch: string | undefined;

  constructor(
    private readonly storage: StorageAdapter,
    private readonly keyspace: Keyspace,
    private readonly leaseMs: number | undefined,
  ) {}

  /** Reads the meta document, creating it if missing. True when storage lost the dataspace since. */
  async ensure(): Promise<boolean> {
    const { storage, keyspace } = this;
    const current = await storage.getVersioned(keyspace.meta());
    const parsed = current ? parseMeta(current.value) : null;
    if (parsed) {
      const changed = this.#epoch !== undefined && parsed.epoch !== this.#epoch;
      this.#epoch = parsed.epoch;
      return changed;
    }
    const meta: MetaDocument = {
      layout: 1,
      epoch: randomUUID(),
      createdAt: Date.now(),
      auto: keyspace.autoDataspace,
    };
    const result = await storage.batch([
      {
        op: "putVersioned",
        key: keyspace.meta(),
        value: JSON.stringify(meta),
        expectedVersion: current ? current.version : null,
        ...(this.leaseMs === undefined ? {} : { ttlMs: this.leaseMs }),
      },
    ]);
    if (!result.ok) return this.ensure();
    const hadEpoch = this.#epoch !== undefined;
    this.#epoch = meta.epoch;
    return hadEpoch;
  }

  /** Whether storage still holds the epoch this instance knows (without creating anything). */
  async unchanged(): Promise<boolean> {
    const meta = await this.storage.getVersioned(this.keyspace.meta());
    const epoch = meta ? parseMeta(meta.value)?.epoch : undefined;
    return epoch === this.#epoch;
  }
}

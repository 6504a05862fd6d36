import type { ServiceDefinition } from "@mcpstore/mcp-client";
import type { ServiceOwner } from "../owner.js";
import type { ConfigDocument } from "./records.js";
import { stableJson } from "./stable-json.js";

/** One live service as this instance knows it. */
export interface MirrorRecord {
  readonly name: string;
  readonly localName: string;
  readonly owner: ServiceOwner;
  readonly definition: ServiceDefinition;
  readonly version: number;
  readonly updatedAt: number;
  readonly updatedBy: string;
  /** Changed locally while storage was unreachable; the write is queued. */
  readonly pending: boolean;
}

export type MirrorChange =
  | { readonly kind: "added"; readonly record: MirrorRecord }
  | {
      readonly kind: "updated";
      readonly record: MirrorRecord;
      readonly previous: MirrorRecord;
      /** False when only metadata moved (version, updatedAt); connections stay as they are. */
      readonly definitionChanged: boolean;
    }
  | {
      readonly kind: "removed";
      readonly previous: MirrorRecord;
      /** The removal marker's version in storage; 0 when not known (storage lost its data). */
      readonly version: number;
    }
  /** Not newer than what is known: nothing changed. */
  | { readonly kind: "ignored" };

export function sameDefinition(a: ServiceDefinition, b: ServiceDefinition): boolean {
  return stableJson(a) === stableJson(b);
}

/**
 * The in-memory copy of the dataspace's service registry that every read is served from. Changes are
 * applied only when their version is newer than the one known (live or removed), so applying the same
 * event twice, or an old event after a snapshot, changes nothing: followers are idempotent.
 */
export class Mirror {
  readonly #live = new Map<string, MirrorRecord>();
  /**
   * Version at which a service was removed, so a stale put replayed later cannot resurrect it. Kept
   * as long as storage keeps the removal marker (versions only grow, so a re-add after that is newer
   * anyway); `at` is when it was recorded.
   */
  readonly #removedAt = new Map<string, { version: number; at: number }>();
  #lastPrune = 0;

  /**
   * @param removalTtlMs how long a removal is remembered (the removal marker's TTL in storage).
   * @param now the clock.
   */
  constructor(
    private readonly removalTtlMs = Number.POSITIVE_INFINITY,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.#live.size;
  }

  get(name: string): MirrorRecord | undefined {
    return this.#live.get(name);
  }

  records(): IterableIterator<MirrorRecord> {
    return this.#live.values();
  }

  /** Highest version known for `name`, live or removed; 0 when never seen. */
  knownVersion(name: string): number {
    return this.#live.get(name)?.version ?? this.#removal(name) ?? 0;
  }

  /** The version `name` was removed at, while that is remembered. */
  #removal(name: string): number | undefined {
    const r = this.#removedAt.get(name);
    if (!r) return undefined;
    if (this.now() - r.at < this.removalTtlMs) return r.version;
    this.#removedAt.delete(name);
    return undefined;
  }

  /** Forgets removals older than the TTL (at most once per TTL, so this stays cheap). */
  #prune(): void {
    const now = this.now();
    if (now - this.#lastPrune < this.removalTtlMs) return;
    this.#lastPrune = now;
    for (const [name, r] of this.#removedAt)
      if (now - r.at >= this.removalTtlMs) this.#removedAt.delete(name);
  }

  /** How many removals are remembered (for tests and debugging). */
  get removalsKept(): number {
    return this.#removedAt.size;
  }

  /**
   * Applies a config document at `version`. `force` skips the version check: for a local change made
   * while storage is unreachable (`pending`), and for a reload after storage lost its data.
   */
  applyPut(
    doc: ConfigDocument,
    version: number,
    options: { pending?: boolean; force?: boolean } = {},
  ): MirrorChange {
    if (doc.deleted) return this.applyRemove(doc.name, version, options);
    const known = this.knownVersion(doc.name);
    const previous = this.#live.get(doc.name);
    if (!options.force && version <= known) return { kind: "ignored" };
    const record: MirrorRecord = {
      name: doc.name,
      localName: doc.localName,
      owner: doc.owner,
      definition: doc.definition,
      version,
      updatedAt: doc.updatedAt,
      updatedBy: doc.updatedBy,
      pending: options.pending ?? false,
    };
    this.#live.set(doc.name, record);
    this.#removedAt.delete(doc.name);
    if (!previous) return { kind: "added", record };
    return {
      kind: "updated",
      record,
      previous,
      definitionChanged: !sameDefinition(previous.definition, record.definition),
    };
  }

  applyRemove(name: string, version: number, options: { force?: boolean } = {}): MirrorChange {
    const previous = this.#live.get(name);
    if (!options.force && version <= this.knownVersion(name)) return { kind: "ignored" };
    this.#prune();
    this.#removedAt.set(name, {
      version: Math.max(version, this.#removal(name) ?? 0),
      at: this.now(),
    });
    if (!previous) return { kind: "ignored" };
    this.#live.delete(name);
    return { kind: "removed", previous, version };
  }

  /** Forgets every removal marker (after storage lost its data, versions start again at 1). */
  forgetRemovals(): void {
    this.#removedAt.clear();
  }
}

import {
  type AmbiguousNameError,
  AmbiguousPromptError,
  AmbiguousToolError,
  type CatalogKind,
  type NameCandidate,
  type NameNotFoundError,
  PromptNotFoundError,
  ToolNotFoundError,
} from "../errors.js";
import { nearestNames } from "./nearest.js";
import { qualifiedToolName } from "./qualified-name.js";

/** The parts of an MCP tool descriptor the store passes through (the SDK's `Tool` fits this shape). */
export interface ToolDescriptor {
  readonly name: string;
  readonly title?: string;
  readonly description?: string;
  readonly inputSchema: { readonly type: "object"; readonly [key: string]: unknown };
  readonly outputSchema?: { readonly type: "object"; readonly [key: string]: unknown };
  readonly annotations?: Readonly<Record<string, unknown>>;
}

/** One service's tools (or prompts) as a view sees them. */
export interface NameSource<D extends { readonly name: string }, S> {
  /** The service's name in this view (local name for an agent, global name for the store). */
  readonly service: string;
  readonly items: readonly D[];
  /** Whatever the caller needs back on resolution (the service runtime). */
  readonly ref: S;
}

export interface NameEntry<D, S> {
  /** Qualified name in this view; valid for every LLM tool-calling API. */
  readonly name: string;
  readonly originalName: string;
  readonly service: string;
  readonly item: D;
  readonly ref: S;
}

function notFound(kind: CatalogKind, name: string, nearest: string[]): NameNotFoundError {
  return kind === "tool" ? new ToolNotFoundError(name, nearest) : new PromptNotFoundError(name, nearest);
}

function ambiguous(kind: CatalogKind, name: string, candidates: NameCandidate[]): AmbiguousNameError {
  return kind === "tool"
    ? new AmbiguousToolError(name, candidates)
    : new AmbiguousPromptError(name, candidates);
}

/** Two (service, tool) pairs that map to one qualified name; only `kept` is reachable by it. */
export interface NameConflict {
  readonly name: string;
  readonly kept: { readonly service: string; readonly originalName: string };
  readonly hidden: { readonly service: string; readonly originalName: string };
}

function claimKey(service: string, item: string): string {
  return `${service}\u0000${item}`;
}

/**
 * The lookup table from names to tools (or prompts) for one view. Built once per change, read on
 * every call: a qualified name is one Map lookup; an original name resolves only when exactly one
 * service has it. Nothing here ever splits a string to find a service.
 *
 * A qualified name depends only on its own pair (see `qualifiedToolName`), so adding a service never
 * renames another's tools. When two pairs still map to one name (service `a__b` with tool `c` and
 * service `a` with tool `b__c`), the name is never moved: the pair that held it in `previous` keeps
 * it, otherwise the first in (service, tool) order; the other pair is left out and listed in
 * `conflicts` so the caller can report it.
 */
export class NameTable<D extends { readonly name: string }, S> {
  readonly entries: readonly NameEntry<D, S>[];
  readonly conflicts: readonly NameConflict[];
  readonly #byName = new Map<string, NameEntry<D, S>>();
  readonly #byOriginal = new Map<string, NameEntry<D, S>[]>();

  constructor(
    readonly kind: CatalogKind,
    sources: readonly NameSource<D, S>[],
    previous?: ReadonlyMap<string, string>,
  ) {
    const entries: NameEntry<D, S>[] = [];
    for (const source of sources) {
      for (const item of source.items) {
        entries.push({
          name: qualifiedToolName(source.service, item.name),
          originalName: item.name,
          service: source.service,
          item,
          ref: source.ref,
        });
      }
    }
    entries.sort(
      (a, b) => a.service.localeCompare(b.service) || a.originalName.localeCompare(b.originalName),
    );
    const holder = (e: NameEntry<D, S>) => previous?.get(e.name) === claimKey(e.service, e.originalName);
    // The previous holder of a name first, so a newcomer never takes a name someone already uses.
    const ordered = previous ? [...entries.filter(holder), ...entries.filter((e) => !holder(e))] : entries;
    const kept = new Set<NameEntry<D, S>>();
    const conflicts: NameConflict[] = [];
    for (const entry of ordered) {
      const taken = this.#byName.get(entry.name);
      if (taken) {
        // A server listing the same tool twice is not a conflict: the first listing stands.
        if (taken.service !== entry.service || taken.originalName !== entry.originalName) {
          conflicts.push({
            name: entry.name,
            kept: { service: taken.service, originalName: taken.originalName },
            hidden: { service: entry.service, originalName: entry.originalName },
          });
        }
        continue;
      }
      this.#byName.set(entry.name, entry);
      kept.add(entry);
    }
    const unique = entries.filter((e) => kept.has(e));
    for (const entry of unique) {
      const same = this.#byOriginal.get(entry.originalName);
      if (same) same.push(entry);
      else this.#byOriginal.set(entry.originalName, [entry]);
    }
    this.entries = unique;
    this.conflicts = conflicts;
  }

  /** Which pair holds each name, to pass as `previous` to the next table of the same view. */
  claims(): Map<string, string> {
    return new Map(this.entries.map((e) => [e.name, claimKey(e.service, e.originalName)]));
  }

  get size(): number {
    return this.entries.length;
  }

  /** The entry for `name` or `undefined`; never throws (for hot paths that handle misses themselves). */
  find(name: string): NameEntry<D, S> | undefined {
    const exact = this.#byName.get(name);
    if (exact) return exact;
    const same = this.#byOriginal.get(name);
    return same?.length === 1 ? same[0] : undefined;
  }

  /**
   * Resolves a qualified name, or an original name unique in this view. Throws an ambiguity error
   * listing every candidate, or a not-found error with the nearest names. Never guesses.
   */
  resolve(name: string): NameEntry<D, S> {
    const found = this.find(name);
    if (found) return found;
    const same = this.#byOriginal.get(name);
    if (same && same.length > 1) {
      throw ambiguous(
        this.kind,
        name,
        same.map((e) => ({ name: e.name, service: e.service, originalName: e.originalName })),
      );
    }
    throw notFound(
      this.kind,
      name,
      nearestNames(
        name,
        this.entries.map((e) => ({ display: e.name, spellings: [e.name, e.originalName] })),
      ),
    );
  }

  forService(service: string): NameEntry<D, S>[] {
    return this.entries.filter((e) => e.service === service);
  }
}

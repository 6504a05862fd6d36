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
import { disambiguatedToolName, qualifiedToolName } from "./qualified-name.js";

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

/**
 * The lookup table from names to tools (or prompts) for one view. Built once per change, read on
 * every call: a qualified name is one Map lookup; an original name resolves only when exactly one
 * service has it. Nothing here ever splits a string to find a service.
 */
export class NameTable<D extends { readonly name: string }, S> {
  readonly entries: readonly NameEntry<D, S>[];
  readonly #byName = new Map<string, NameEntry<D, S>>();
  readonly #byOriginal = new Map<string, NameEntry<D, S>[]>();

  constructor(
    readonly kind: CatalogKind,
    sources: readonly NameSource<D, S>[],
  ) {
    const proposed = new Map<string, { source: NameSource<D, S>; item: D }[]>();
    for (const source of sources) {
      for (const item of source.items) {
        const name = qualifiedToolName(source.service, item.name);
        const list = proposed.get(name);
        if (list) list.push({ source, item });
        else proposed.set(name, [{ source, item }]);
      }
    }
    const entries: NameEntry<D, S>[] = [];
    for (const [name, claims] of proposed) {
      const distinct = new Set(claims.map((c) => `${c.source.service}\u0000${c.item.name}`)).size;
      for (const { source, item } of claims) {
        // Several pairs sanitising to one name each get their own hash suffix (order-independent, so
        // every instance agrees); a server listing the same tool twice keeps the plain name.
        const finalName = distinct === 1 ? name : disambiguatedToolName(source.service, item.name);
        entries.push({
          name: finalName,
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
    const unique: NameEntry<D, S>[] = [];
    for (const entry of entries) {
      if (this.#byName.has(entry.name)) continue;
      this.#byName.set(entry.name, entry);
      unique.push(entry);
      const same = this.#byOriginal.get(entry.originalName);
      if (same) same.push(entry);
      else this.#byOriginal.set(entry.originalName, [entry]);
    }
    this.entries = unique;
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

import { acceptsCalls, redactDefinition, toMcpServersEntry } from "@mcpstore/mcp-client";
import type { Logger } from "../logger.js";
import { globalServiceName, type ServiceOwner } from "../owner.js";
import { type NameConflict, NameTable, type ToolDescriptor } from "../tools/name-table.js";
import { serviceToken } from "../tools/qualified-name.js";
import type { Prompt, PromptInfo, ServiceInfo, ToolInfo } from "../types.js";
import type { ServiceRuntime } from "./service-runtime.js";

/** Whose services a context sees: every service (the store view) or one agent's. */
export type Scope = { readonly kind: "store" } | (ServiceOwner & { readonly kind: "agent" });

export interface ViewSource {
  /** Bumped on every change that can alter what a view shows. */
  readonly generation: number;
  readonly runtimes: ReadonlyMap<string, ServiceRuntime>;
  /** Where name conflicts are reported. */
  readonly logger: Logger;
}

/** Drops the claims of services no longer in the view, so a removed service frees its names. */
function liveClaims(claims: ReadonlyMap<string, string>, services: ReadonlySet<string>): Map<string, string> {
  return new Map([...claims].filter(([, key]) => services.has(key.slice(0, key.indexOf("\u0000")))));
}

function toolInfo(
  entry: { name: string; originalName: string; service: string; item: ToolDescriptor },
  stale: boolean,
): ToolInfo {
  const t = entry.item;
  return Object.freeze({
    name: entry.name,
    originalName: entry.originalName,
    service: entry.service,
    title: t.title,
    description: t.description ?? "",
    inputSchema: t.inputSchema,
    outputSchema: t.outputSchema,
    annotations: t.annotations,
    stale,
  });
}

export function serviceInfo(runtime: ServiceRuntime, nameInView: string): ServiceInfo {
  const { record, connection } = runtime;
  const catalog = runtime.catalog;
  const def = redactDefinition(record.definition);
  return Object.freeze({
    name: nameInView,
    localName: record.localName,
    globalName: record.name,
    owner: record.owner,
    type: def.type,
    transport: connection.transport,
    config: Object.freeze(toMcpServersEntry(def)),
    state: connection.state,
    lastError: connection.lastError?.message,
    nextRetryAt: connection.nextRetryAt,
    toolCount: catalog.tools.length,
    catalogStale: catalog.stale,
    catalogFetchedAt: catalog.fetchedAt,
    version: record.version,
    updatedAt: record.updatedAt,
    pendingWrite: record.pending,
  });
}

/**
 * What one context sees, computed from the local mirror and the runtimes and rebuilt only when the
 * source's generation moved. Between changes every read is a cached array or one Map lookup: no
 * storage round trip, no allocation proportional to the number of tools.
 */
export class View {
  #generation = -1;
  #runtimes: ServiceRuntime[] = [];
  #services: readonly ServiceInfo[] = [];
  #tools: NameTable<ToolDescriptor, ServiceRuntime> = new NameTable("tool", []);
  #toolInfos: readonly ToolInfo[] = [];
  #prompts: NameTable<Prompt, ServiceRuntime> | undefined;
  /** Which (service, tool) pair holds each qualified name handed out so far: names never move. */
  #toolClaims = new Map<string, string>();
  #promptClaims = new Map<string, string>();
  /** Conflicts already reported, so each is logged once. */
  readonly #reported = new Set<string>();

  constructor(
    readonly scope: Scope,
    private readonly source: ViewSource,
  ) {}

  /** The name a runtime has in this view. */
  nameOf(runtime: ServiceRuntime): string {
    return this.scope.kind === "store" ? runtime.record.name : runtime.record.localName;
  }

  /** The runtime behind a name of this view, or undefined. */
  runtime(name: string): ServiceRuntime | undefined {
    if (this.scope.kind === "store") return this.source.runtimes.get(name);
    const rt = this.source.runtimes.get(globalServiceName(this.scope, name));
    return rt && rt.record.owner.kind === "agent" && rt.record.owner.agentId === this.scope.agentId
      ? rt
      : undefined;
  }

  runtimes(): readonly ServiceRuntime[] {
    this.#refresh();
    return this.#runtimes;
  }

  services(): readonly ServiceInfo[] {
    this.#refresh();
    return this.#services;
  }

  tools(): NameTable<ToolDescriptor, ServiceRuntime> {
    if (this.#generation !== this.source.generation) this.#refresh();
    return this.#tools;
  }

  toolInfos(): readonly ToolInfo[] {
    this.#refresh();
    return this.#toolInfos;
  }

  prompts(): NameTable<Prompt, ServiceRuntime> {
    this.#refresh();
    if (!this.#prompts) {
      const table = new NameTable(
        "prompt",
        this.#runtimes.map((rt) => ({ service: this.nameOf(rt), items: rt.catalog.prompts, ref: rt })),
        this.#promptClaims,
      );
      this.#promptClaims = this.#keepClaims(this.#promptClaims, table);
      this.#report(table.kind, table.conflicts);
      this.#prompts = table;
    }
    return this.#prompts;
  }

  promptInfos(): PromptInfo[] {
    return this.prompts().entries.map((e) =>
      Object.freeze({
        name: e.name,
        originalName: e.originalName,
        service: e.service,
        description: e.item.description,
        arguments: e.item.arguments,
        stale: e.ref.catalog.stale,
      }),
    );
  }

  /**
   * The service a qualified name like `svc__tool` points at when that service has no catalog yet
   * (connecting, or unreachable before it ever answered): the caller says so instead of "not found".
   */
  serviceWithoutCatalog(qualified: string): ServiceRuntime | undefined {
    this.#refresh();
    // A connected service whose catalog is known and empty really has no such tool: not "unavailable".
    return this.#runtimes.find(
      (rt) =>
        rt.catalog.tools.length === 0 &&
        (rt.catalog.fetchedAt === undefined || !acceptsCalls(rt.state)) &&
        qualified.startsWith(`${serviceToken(this.nameOf(rt))}__`),
    );
  }

  /** Services of this view still without any catalog (for the hint of a not-found error). */
  servicesWithoutCatalog(): ServiceRuntime[] {
    this.#refresh();
    return this.#runtimes.filter((rt) => rt.catalog.tools.length === 0 && rt.catalog.fetchedAt === undefined);
  }

  #keepClaims(
    old: ReadonlyMap<string, string>,
    table: NameTable<{ readonly name: string }, ServiceRuntime>,
  ): Map<string, string> {
    const claims = liveClaims(old, new Set(this.#runtimes.map((rt) => this.nameOf(rt))));
    for (const [name, key] of table.claims()) if (!claims.has(name)) claims.set(name, key);
    return claims;
  }

  #report(kind: string, conflicts: readonly NameConflict[]): void {
    for (const c of conflicts) {
      const id = `${kind}\u0000${c.name}\u0000${c.hidden.service}\u0000${c.hidden.originalName}`;
      if (this.#reported.has(id)) continue;
      this.#reported.add(id);
      this.source.logger.warn(
        `${kind} name conflict: "${c.name}" already names ${kind} "${c.kept.originalName}" of service ` +
          `"${c.kept.service}", so ${kind} "${c.hidden.originalName}" of service "${c.hidden.service}" ` +
          "is not exposed. Rename one of the services to reach both.",
        { name: c.name, kept: c.kept, hidden: c.hidden },
      );
    }
  }

  #refresh(): void {
    if (this.#generation === this.source.generation) return;
    const scope = this.scope;
    const runtimes = [...this.source.runtimes.values()].filter(
      (rt) =>
        scope.kind === "store" ||
        (rt.record.owner.kind === "agent" && rt.record.owner.agentId === scope.agentId),
    );
    runtimes.sort((a, b) => this.nameOf(a).localeCompare(this.nameOf(b)));
    this.#runtimes = runtimes;
    this.#services = Object.freeze(runtimes.map((rt) => serviceInfo(rt, this.nameOf(rt))));
    this.#tools = new NameTable(
      "tool",
      runtimes.map((rt) => ({ service: this.nameOf(rt), items: rt.catalog.tools, ref: rt })),
      this.#toolClaims,
    );
    this.#toolClaims = this.#keepClaims(this.#toolClaims, this.#tools);
    this.#report("tool", this.#tools.conflicts);
    this.#toolInfos = Object.freeze(this.#tools.entries.map((e) => toolInfo(e, e.ref.catalog.stale)));
    this.#prompts = undefined;
    this.#generation = this.source.generation;
  }
}

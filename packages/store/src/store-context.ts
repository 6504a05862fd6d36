import {
  ConfigError,
  parseServiceDefinitions,
  type ServiceDefinition,
  toMcpServersEntry,
} from "@mcpstore/mcp-client";
import { checkCallOptions } from "./call-options.js";
import { toolStorageName } from "./core/publisher.js";
import type { ServiceRuntime } from "./core/service-runtime.js";
import { aggregateOf, parseInstanceStates } from "./core/state-ranking.js";
import type { StoreCore } from "./core/store-core.js";
import { type Scope, serviceInfo, type View } from "./core/view.js";
import {
  InvalidOptionsError,
  ResourceNotFoundError,
  ServiceExistsError,
  ServiceNotFoundError,
  ServiceWaitTimeoutError,
  StoreClosedError,
  ToolNotFoundError,
} from "./errors.js";
import {
  agentOwner,
  globalServiceName,
  type ServiceOwner,
  STORE_OWNER,
  validateServiceName,
} from "./owner.js";
import { addCounters, parseCounters, type ToolCounters } from "./stats/stats-buffer.js";
import type { Intent } from "./sync/intents.js";
import { parseConfigDocument } from "./sync/records.js";
import type { NameEntry, ToolDescriptor } from "./tools/name-table.js";
import { serviceNotReadyError } from "./tools/unavailable.js";
import type {
  AddServiceOptions,
  CallToolResult,
  GetPromptResult,
  PromptInfo,
  ReadResourceResult,
  ResourceInfo,
  ResourceTemplateInfo,
  ServiceDetails,
  ServiceInfo,
  ServiceState,
  ToolInfo,
  ToolStats,
  UseToolOptions,
  WaitServiceOptions,
} from "./types.js";

const DEFAULT_WAIT_MS = 30_000;
const SERVICE_STATES: readonly ServiceState[] = [
  "initializing",
  "healthy",
  "warning",
  "reconnecting",
  "unreachable",
  "disconnected",
];
const STATE_LIST = SERVICE_STATES.map((s) => `"${s}"`).join(", ");

/**
 * Checks `waitService` options as JavaScript may pass them (`{ state: "ready" }`, a string timeout)
 * so a mistake fails at once naming the allowed values, instead of waiting out the timeout.
 */
export function parseWaitOptions(options: unknown): { wanted: Set<ServiceState>; timeoutMs: number } {
  if (!isRecord(options)) {
    throw new InvalidOptionsError([
      { path: "options", message: "must be an object like { state, timeoutMs }" },
    ]);
  }
  const issues: { path: string; message: string }[] = [];
  for (const key of Object.keys(options)) {
    if (key !== "state" && key !== "status" && key !== "timeoutMs") {
      issues.push({ path: key, message: "is not an option of waitService (use state, timeoutMs)" });
    }
  }
  if (options.state !== undefined && options.status !== undefined) {
    issues.push({ path: "status", message: "is the deprecated name of state; give only state" });
  }
  const path = options.state !== undefined ? "state" : "status";
  const raw = options.state ?? options.status ?? "healthy";
  const list: unknown[] = Array.isArray(raw) ? raw : [raw];
  if (list.length === 0) issues.push({ path, message: `must name at least one of ${STATE_LIST}` });
  for (const value of list) {
    if (!SERVICE_STATES.includes(value as ServiceState)) {
      issues.push({
        path,
        message: `${JSON.stringify(value)} is not a service state; use one of ${STATE_LIST}`,
      });
    }
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_MS;
  if (typeof timeoutMs !== "number" || !Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    issues.push({
      path: "timeoutMs",
      message: `must be a positive number of ms (got ${JSON.stringify(timeoutMs)})`,
    });
  }
  if (issues.length) throw new InvalidOptionsError(issues);
  return { wanted: new Set(list as ServiceState[]), timeoutMs: timeoutMs as number };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

const STDIO_FIELDS = new Set(["command", "args", "env", "cwd", "timeout", "timeoutMs"]);
const REMOTE_FIELDS = new Set(["url", "transport", "headers", "bearerToken", "timeout", "timeoutMs"]);

/** Patch fields that do not exist for the service's kind: silently dropping them would lose the update. */
function foreignPatchFields(patch: Record<string, unknown>, merged: Record<string, unknown>): string[] {
  const fields = "url" in merged ? REMOTE_FIELDS : STDIO_FIELDS;
  return Object.keys(patch).filter((k) => !fields.has(k));
}

/**
 * Applies an update to a service's `mcpServers` entry. Fields given replace the current ones; `env`
 * and `headers` merge key by key (a `null` value removes a key); `null` for any other field removes
 * it. Giving `url` to a local service (or `command` to a remote one) replaces the whole entry.
 */
export function mergeServicePatch(
  current: Record<string, unknown>,
  patch: Record<string, unknown>,
): Record<string, unknown> {
  const switchesKind = ("url" in patch && "command" in current) || ("command" in patch && "url" in current);
  const base: Record<string, unknown> = switchesKind ? {} : { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if ((key === "env" || key === "headers") && isRecord(value) && isRecord(base[key])) {
      const merged: Record<string, unknown> = { ...(base[key] as Record<string, unknown>) };
      for (const [k, v] of Object.entries(value)) {
        if (v === null) delete merged[k];
        else merged[k] = v;
      }
      base[key] = merged;
    } else if (value === null || value === undefined) {
      delete base[key];
    } else {
      base[key] = value;
    }
  }
  return base;
}

/**
 * What one party sees of the store: `store.forStore()` (every service, with its owner) or
 * `store.forAgent(id)` (only the services that agent added, by their local names). Reads are served
 * from the local mirror; writes go through storage and reach every instance of the dataspace.
 */
export class StoreContext {
  readonly #core: StoreCore;
  readonly #view: View;
  readonly #owner: ServiceOwner;
  readonly #statsKeys = new WeakMap<NameEntry<ToolDescriptor, ServiceRuntime>, string>();

  private constructor(core: StoreCore, scope: Scope) {
    this.#core = core;
    this.#view = core.view(scope);
    this.#owner = scope.kind === "store" ? STORE_OWNER : agentOwner(scope.agentId);
  }

  /**
   * @internal Contexts come from `MCPStore.forStore()` / `forAgent()`; stripped from the published
   * types so the store's internals (StoreCore, View, …) stay out of them.
   */
  static create(core: StoreCore, scope: Scope): StoreContext {
    return new StoreContext(core, scope);
  }

  /** The agent this context belongs to, or undefined for the store view. */
  get agentId(): string | undefined {
    return this.#owner.kind === "agent" ? this.#owner.agentId : undefined;
  }

  #scopeLabel(): string {
    return this.#owner.kind === "store" ? "the store" : `agent "${this.#owner.agentId}"`;
  }

  #runtime(name: string): ServiceRuntime {
    this.#core.assertOpen();
    if (typeof name !== "string" || !name) {
      throw new InvalidOptionsError([{ path: "name", message: "a service name is required" }]);
    }
    const rt = this.#view.runtime(name);
    if (!rt)
      throw new ServiceNotFoundError(
        name,
        this.#view.services().map((s) => s.name),
        this.#scopeLabel(),
      );
    return rt;
  }

  /**
   * Whether `name` is in the registry in storage though not in this instance's mirror yet (another
   * process just added it), and then waits up to `timeoutMs` for the follower to bring it here. One
   * read when the name is simply unknown, so a typo still fails at once.
   */
  async #arrival(name: string, timeoutMs: number): Promise<boolean> {
    const global = this.#view.scope.kind === "store" ? name : globalServiceName(this.#owner, name);
    const { storage, keyspace } = this.#core.config;
    const stored = await storage.getVersioned(keyspace.serviceConfig(global)).catch(() => null);
    const doc = stored ? parseConfigDocument(stored.value) : null;
    if (!doc || doc.deleted) return false;
    return new Promise((resolve) => {
      const done = (arrived: boolean) => {
        clearTimeout(timer);
        off();
        resolve(arrived);
      };
      const off = this.#core.bus.on("service.added", (e) => {
        if ((e as { service?: string }).service === global) done(true);
      });
      const timer = setTimeout(() => done(this.#core.runtimes.has(global)), timeoutMs);
      if (this.#core.runtimes.has(global)) done(true);
    });
  }

  #info(rt: ServiceRuntime): ServiceInfo {
    return serviceInfo(rt, this.#view.nameOf(rt));
  }

  // ---------------------------------------------------------------- services

  /**
   * Registers services from any accepted config shape: `{ mcpServers: {...} }` (Claude/Cursor),
   * `{ servers: {...} }` (VS Code), `{ name, command | url, ... }`, an array of those, or a JSON string.
   * All services of one call are written in one atomic batch. Resolves once they are registered
   * (connections start in the background: use `waitService` to wait for one).
   *
   * An existing name: the same definition again is a no-op; a different one replaces it by default
   * (`ifExists: "replace"`), or is ignored (`"keep"`), or rejects with SERVICE_EXISTS (`"error"`).
   */
  async addService(config: unknown, options: AddServiceOptions = {}): Promise<ServiceInfo[]> {
    this.#core.assertOpen();
    const ifExists = options.ifExists ?? "replace";
    if (ifExists !== "replace" && ifExists !== "keep" && ifExists !== "error") {
      throw new InvalidOptionsError([{ path: "ifExists", message: 'must be "replace", "keep" or "error"' }]);
    }
    const defs = parseServiceDefinitions(config);
    for (const def of defs) validateServiceName(def.name);
    const intents: Extract<Intent, { kind: "put" }>[] = defs.map((definition) => ({
      kind: "put" as const,
      name: globalServiceName(this.#owner, definition.name),
      localName: definition.name,
      owner: this.#owner,
      definition,
      ifExists,
    }));
    const outcomes = await this.#core.commit(intents);
    const taken = outcomes.find((o) => o.kind === "exists");
    if (taken) throw new ServiceExistsError(defs[outcomes.indexOf(taken)]!.name);
    return intents.map((i) => {
      const rt = this.#core.runtimes.get(i.name);
      if (!rt) throw new ServiceNotFoundError(i.localName, [], this.#scopeLabel());
      return this.#info(rt);
    });
  }

  /**
   * Waits until this instance's connection to `name` is in the wanted state (default "healthy") and
   * resolves to its info. Rejects at once with the connection's error when the service is unreachable
   * for a reason retrying cannot fix (command not found, HTTP 401/403/404, a config error: the error's
   * `retryable` is false), otherwise with SERVICE_WAIT_TIMEOUT naming the last state and the last error.
   */
  waitService(name: string, options: WaitServiceOptions = {}): Promise<ServiceInfo> {
    let wanted: Set<ServiceState>;
    let timeoutMs: number;
    try {
      ({ wanted, timeoutMs } = parseWaitOptions(options));
    } catch (error) {
      return Promise.reject(error);
    }
    let rt: ServiceRuntime;
    try {
      rt = this.#runtime(name);
    } catch (error) {
      if (!(error instanceof ServiceNotFoundError)) return Promise.reject(error);
      // Added by another process a moment ago: storage has it, this instance's follower not yet.
      const started = Date.now();
      return this.#arrival(name, timeoutMs).then((arrived) => {
        if (!arrived) throw error;
        return this.waitService(name, {
          ...options,
          timeoutMs: Math.max(1, timeoutMs - (Date.now() - started)),
        });
      });
    }
    const global = rt.name;
    if (wanted.has(rt.state)) return Promise.resolve(this.#info(rt));
    return new Promise((resolve, reject) => {
      const check = () => {
        const current = this.#core.runtimes.get(global);
        if (!current) {
          finish();
          reject(
            new ServiceNotFoundError(
              name,
              this.#view.services().map((s) => s.name),
              this.#scopeLabel(),
            ),
          );
        } else if (wanted.has(current.state)) {
          finish();
          resolve(this.#info(current));
        } else if (this.#core.closed) {
          finish();
          reject(new StoreClosedError());
        } else if (!wanted.has("unreachable") && cannotConnect(current)) {
          finish();
          reject(current.connection.lastError);
        }
      };
      const off = this.#core.bus.on("*", (e) => {
        if (e.type === "storage.status" || e.service === global) check();
      });
      const timer = setTimeout(() => {
        finish();
        const current = this.#core.runtimes.get(global) ?? rt;
        reject(
          new ServiceWaitTimeoutError({
            service: name,
            wanted: [...wanted],
            state: current.state,
            lastError: current.connection.lastError?.message,
            timeoutMs,
          }),
        );
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        off();
      };
      check();
    });
  }

  /** Every service this context sees, from the local mirror (no storage round trip). */
  async listServices(): Promise<ServiceInfo[]> {
    this.#core.assertOpen();
    return [...this.#view.services()];
  }

  /** One service with its tools, stderr tail and the state every instance reports. */
  async getService(name: string): Promise<ServiceDetails> {
    const rt = this.#runtime(name);
    const info = this.#info(rt);
    let hash: Record<string, string> = {};
    if (this.#core.storageStatus.state === "ok") {
      hash = await this.#core.storage
        .hgetall(this.#core.config.keyspace.serviceState(rt.name))
        .catch(() => ({}) as Record<string, string>);
    }
    // Only instances whose lease runs; the aggregate is computed from them here, never stored.
    const instances = parseInstanceStates(hash, Date.now());
    return {
      ...info,
      tools: this.#view.toolInfos().filter((t) => t.service === info.name),
      stderrTail: rt.connection.stderrTail,
      instances,
      aggregate: aggregateOf(instances),
    };
  }

  /**
   * Changes a service's config. `patch` is (part of) an `mcpServers` entry: given fields replace the
   * current ones; `env` and `headers` merge key by key (`null` removes a key). Concurrent updates
   * from any number of processes are applied one after another on the latest version (compare-and-set
   * with retry), so updates to different fields all survive and every instance converges on the same
   * final config; for the same field the last committed write wins.
   */
  async updateService(name: string, patch: Record<string, unknown>): Promise<ServiceInfo> {
    const rt = this.#runtime(name);
    if (!isRecord(patch)) throw new InvalidOptionsError([{ path: "patch", message: "must be an object" }]);
    const localName = rt.record.localName;
    const apply = (current: { definition: ServiceDefinition }): ServiceDefinition => {
      const merged = mergeServicePatch(toMcpServersEntry(current.definition), patch);
      const foreign = foreignPatchFields(patch, merged);
      if (foreign.length) {
        // A wrong field of a service definition: the same code as any other bad field (CONFIG_INVALID).
        throw new ConfigError(
          foreign.map((f) => ({
            path: `patch.${f}`,
            message: `not a field of a ${"url" in merged ? "remote" : "local (stdio)"} service`,
          })),
        );
      }
      return parseServiceDefinitions({ mcpServers: { [localName]: merged } })[0]!;
    };
    apply(rt.record); // validates before anything is written: a bad patch changes nothing
    const [outcome] = await this.#core.commit([{ kind: "patch", name: rt.name, apply }]);
    if (outcome?.kind === "absent") throw new ServiceNotFoundError(name, [], this.#scopeLabel());
    const now = this.#core.runtimes.get(rt.name);
    if (!now) throw new ServiceNotFoundError(name, [], this.#scopeLabel());
    return this.#info(now);
  }

  /** Unregisters a service everywhere: every instance closes its connection; its keys are deleted. */
  async removeService(name: string): Promise<void> {
    const rt = this.#runtime(name);
    const [outcome] = await this.#core.commit([{ kind: "remove", name: rt.name }]);
    if (outcome?.kind === "absent") throw new ServiceNotFoundError(name, [], this.#scopeLabel());
  }

  /** Reconnects a service now, in this instance and in every other instance of the dataspace. */
  async restartService(name: string): Promise<ServiceInfo> {
    const rt = this.#runtime(name);
    await this.#core.broadcastRestart(rt.name);
    return this.#info(this.#core.runtimes.get(rt.name) ?? rt);
  }

  // ---------------------------------------------------------------- tools

  /** Tools this context sees (optionally of one service), from memory; no storage round trip. */
  async listTools(options: { service?: string } = {}): Promise<ToolInfo[]> {
    this.#core.assertOpen();
    if (options.service === undefined) return [...this.#view.toolInfos()];
    const rt = this.#runtime(options.service);
    const service = this.#view.nameOf(rt);
    return this.#view.toolInfos().filter((t) => t.service === service);
  }

  /**
   * Calls a tool by its qualified name (`service__tool`) or by its original name when exactly one
   * visible service has it. Unknown names reject with TOOL_NOT_FOUND (nearest names listed),
   * ambiguous ones with TOOL_AMBIGUOUS (every candidate listed); nothing is ever called by a guess.
   */
  useTool(
    name: string,
    args: Record<string, unknown> = {},
    options?: UseToolOptions,
  ): Promise<CallToolResult> {
    if (this.#core.closed) return Promise.reject(new StoreClosedError());
    let entry: NameEntry<ToolDescriptor, ServiceRuntime>;
    try {
      if (typeof args !== "object" || args === null || Array.isArray(args)) {
        throw new InvalidOptionsError([
          { path: "args", message: "must be an object of the tool's arguments" },
        ]);
      }
      if (options !== undefined) checkCallOptions(options);
      entry = this.#view.tools().find(name) ?? this.#resolveTool(name);
    } catch (error) {
      return Promise.reject(error);
    }
    let key = this.#statsKeys.get(entry);
    if (key === undefined) {
      key = toolStorageName(entry.ref.name, entry.originalName);
      this.#statsKeys.set(entry, key);
    }
    const stats = this.#core.stats.buffer;
    const rt = entry.ref;
    // A call that ends after its service was removed is not counted: the removal discarded the
    // service's pending counts, and this one would bring its stats key back.
    const current = () => this.#core.runtimes.get(rt.name) === rt;
    const started = performance.now();
    return rt.connection.callTool(entry.originalName, args, options).then(
      (result) => {
        if (current()) stats.record(key, performance.now() - started, result.isError === true, Date.now());
        return result;
      },
      (error: unknown) => {
        if (current()) stats.record(key, performance.now() - started, true, Date.now());
        throw error;
      },
    );
  }

  /**
   * A name not in the table: `svc__tool` of a service that has no tools yet is SERVICE_UNAVAILABLE
   * (with its state, last error and next retry); anything else is the table's not-found or ambiguity
   * error, which mentions the services still connecting.
   */
  #resolveTool(name: string): NameEntry<ToolDescriptor, ServiceRuntime> {
    const waiting = typeof name === "string" ? this.#view.serviceWithoutCatalog(name) : undefined;
    if (waiting) {
      const { connection } = waiting;
      throw serviceNotReadyError(
        name,
        this.#view.nameOf(waiting),
        connection.state,
        connection.lastError,
        connection.nextRetryAt,
      );
    }
    try {
      return this.#view.tools().resolve(name);
    } catch (error) {
      const pending = this.#view
        .servicesWithoutCatalog()
        .map((rt) => `${this.#view.nameOf(rt)} (${rt.state})`);
      if (error instanceof ToolNotFoundError && pending.length) {
        throw new ToolNotFoundError(error.requested, error.nearest, pending);
      }
      throw error;
    }
  }

  /** Alias of {@link StoreContext.useTool}. */
  callTool(
    name: string,
    args: Record<string, unknown> = {},
    options?: UseToolOptions,
  ): Promise<CallToolResult> {
    return this.useTool(name, args, options);
  }

  /** Calls, errors and latency per tool (all instances' flushed counts plus this one's pending ones). */
  async toolStats(options: { service?: string; tool?: string } = {}): Promise<ToolStats[]> {
    this.#core.assertOpen();
    let entries = this.#view.tools().entries;
    if (options.service !== undefined) {
      const service = this.#view.nameOf(this.#runtime(options.service));
      entries = entries.filter((e) => e.service === service);
    }
    if (options.tool !== undefined) {
      const one = this.#view.tools().resolve(options.tool);
      entries = entries.filter((e) => e === one);
    }
    const { storage, keyspace } = this.#core.config;
    const online = this.#core.storageStatus.state === "ok";
    return Promise.all(
      entries.map(async (e) => {
        const key = toolStorageName(e.ref.name, e.originalName);
        const stored: ToolCounters = online
          ? parseCounters(await storage.hgetall(keyspace.toolStats(key)).catch(() => ({})))
          : { calls: 0, errors: 0, totalMs: 0, lastCalledAt: 0 };
        const c = addCounters(stored, this.#core.stats.buffer.peek(key));
        return {
          name: e.name,
          originalName: e.originalName,
          service: e.service,
          calls: c.calls,
          errors: c.errors,
          totalMs: Math.round(c.totalMs * 1000) / 1000,
          avgMs: c.calls ? Math.round((c.totalMs / c.calls) * 1000) / 1000 : 0,
          lastCalledAt: c.lastCalledAt || undefined,
        };
      }),
    );
  }

  // ---------------------------------------------------------------- resources & prompts

  #runtimesFor(service: string | undefined): readonly ServiceRuntime[] {
    return service === undefined ? this.#view.runtimes() : [this.#runtime(service)];
  }

  /** Resources this context sees (optionally of one service), from memory; no storage round trip. */
  async listResources(options: { service?: string } = {}): Promise<ResourceInfo[]> {
    this.#core.assertOpen();
    return this.#runtimesFor(options.service).flatMap((rt) =>
      rt.catalog.resources.map((r) => ({ ...r, service: this.#view.nameOf(rt), stale: rt.catalog.stale })),
    );
  }

  /** Resource templates this context sees (optionally of one service), from memory. */
  async listResourceTemplates(options: { service?: string } = {}): Promise<ResourceTemplateInfo[]> {
    this.#core.assertOpen();
    return this.#runtimesFor(options.service).flatMap((rt) =>
      rt.catalog.resourceTemplates.map((r) => ({
        ...r,
        service: this.#view.nameOf(rt),
        stale: rt.catalog.stale,
      })),
    );
  }

  /**
   * Reads a resource from the service that lists it (or whose URI template's fixed prefix matches);
   * pass `service` when several offer the same URI.
   */
  async readResource(
    uri: string,
    options: { service?: string; timeoutMs?: number; signal?: AbortSignal } = {},
  ): Promise<ReadResourceResult> {
    checkCallOptions(options, ["service"]);
    const { service, ...call } = options;
    let rt: ServiceRuntime | undefined;
    if (service !== undefined) {
      rt = this.#runtime(service);
    } else {
      this.#core.assertOpen();
      const all = this.#view.runtimes();
      let matches = all.filter((r) => r.catalog.resources.some((res) => res.uri === uri));
      if (!matches.length) {
        matches = all.filter((r) =>
          r.catalog.resourceTemplates.some((t) => {
            const prefix = t.uriTemplate.split("{")[0] ?? "";
            return prefix.length > 0 && uri.startsWith(prefix);
          }),
        );
      }
      if (matches.length !== 1)
        throw new ResourceNotFoundError(
          uri,
          matches.map((m) => this.#view.nameOf(m)),
        );
      rt = matches[0];
    }
    return rt!.connection.readResource(uri, call);
  }

  /** Prompts this context sees (optionally of one service), by qualified name; from memory. */
  async listPrompts(options: { service?: string } = {}): Promise<PromptInfo[]> {
    this.#core.assertOpen();
    const all = this.#view.promptInfos();
    if (options.service === undefined) return all;
    const service = this.#view.nameOf(this.#runtime(options.service));
    return all.filter((p) => p.service === service);
  }

  /** Gets a prompt by qualified name, or by original name when unique (same rules as tools). */
  async getPrompt(
    name: string,
    args?: Record<string, string>,
    options: { timeoutMs?: number; signal?: AbortSignal } = {},
  ): Promise<GetPromptResult> {
    this.#core.assertOpen();
    checkCallOptions(options);
    const entry = this.#view.prompts().resolve(name);
    return entry.ref.connection.getPrompt(entry.originalName, args, options);
  }
}

/** Unreachable for a reason retrying cannot fix: waiting for it to connect would only wait out the timeout. */
function cannotConnect(rt: ServiceRuntime): boolean {
  const error = rt.connection.lastError as { retryable?: unknown } | undefined;
  return rt.state === "unreachable" && error?.retryable === false;
}

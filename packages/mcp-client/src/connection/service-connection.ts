import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { RequestOptions } from "@modelcontextprotocol/sdk/shared/protocol.js";
import type {
  CallToolResult,
  GetPromptResult,
  Implementation,
  Prompt,
  ReadResourceResult,
  Resource,
  ResourceTemplate,
  Tool,
} from "@modelcontextprotocol/sdk/types.js";
import type { ServiceDefinition } from "../config/definition.js";
import { resolveServiceDefinition } from "../config/resolve.js";
import {
  ConnectionClosedError,
  McpStoreClientError,
  type ServiceUnavailableError,
  WaitTimeoutError,
} from "../errors.js";
import { redactArgs, redactDefinition, redactText, redactUrl, secretsOf } from "../redact.js";
import { closeQuietly, unref, withTimeout } from "./async-util.js";
import { backoffDelay } from "./backoff.js";
import {
  type Catalog,
  type CatalogPart,
  fetchCatalog,
  listAllPrompts,
  listAllResources,
  listAllResourceTemplates,
  listAllTools,
} from "./catalog.js";
import { type Listener, type StateChange, safeCall } from "./events.js";
import {
  CRASH_WINDOW_MS,
  describeConnectFailure,
  describeError,
  fastRetryBudget,
  isPermanent,
  isTransportGone,
} from "./failures.js";
import {
  type CallToolOptions,
  type ConnectionOptions,
  type RequestCallOptions,
  type Settings,
  settingsFor,
} from "./options.js";
import type { RemoteKind } from "./remote.js";
import { toRequestError, unavailableError } from "./request-errors.js";
import { withScopedSignal } from "./scoped-abort.js";
import { openSession, type Session, type SessionHooks, type TransportKind } from "./session.js";
import { acceptsCalls, type ServiceState } from "./state.js";
import { TailBuffer } from "./tail-buffer.js";

/** A snapshot for listings and `info` commands; every text in it is redacted. */
export interface ServiceConnectionInfo {
  name: string;
  state: ServiceState;
  transport: TransportKind | undefined;
  definition: ServiceDefinition;
  /** `retryable: false` when retrying cannot fix it (the state is then `unreachable` at once). */
  lastError: { code: string | undefined; message: string; retryable: boolean } | undefined;
  nextRetryAt: number | undefined;
  /** Failed fast reconnect attempts since the service was last healthy. */
  reconnectAttempts: number;
  /** Process group id of the stdio server, while it runs. */
  pid: number | undefined;
  serverInfo: Implementation | undefined;
  connectedAt: number | undefined;
  catalogFetchedAt: number | undefined;
  stderrTail: string;
}

const STDERR_LINES_IN_ERRORS = 12;

/**
 * One supervised connection to one MCP service: connects (stdio, streamable HTTP or SSE), pings,
 * reconnects with backoff, keeps the catalog fresh on list_changed, and fails calls fast with a typed
 * error while the service is not usable. Events: "state" on every transition, "catalog" on every fetch.
 */
export class ServiceConnection {
  readonly name: string;
  readonly definition: ServiceDefinition;

  readonly #settings: Settings;
  readonly #stderr: TailBuffer;

  #state: ServiceState = "initializing";
  #callable = false;
  #lastError: Error | undefined;
  #nextRetryAt: number | undefined;
  #catalog: Catalog | undefined;
  #remoteKind: RemoteKind | undefined;
  #session: Session | undefined;
  #pending: Session | undefined;
  #secrets: string[] = [];
  #attempts = 0;
  /** Consecutive connections that died within CRASH_WINDOW_MS of becoming healthy. */
  #crashes = 0;
  #pingFailures = 0;
  #generation = 0;
  #retryTimer: NodeJS.Timeout | undefined;
  #healthTimer: NodeJS.Timeout | undefined;
  #checking: Promise<ServiceState> | undefined;
  #teardown: Promise<void> = Promise.resolve();
  #refreshing: Promise<void> | undefined;
  #refreshQueued = new Set<CatalogPart>();
  #connectedAt: number | undefined;
  #starting: Promise<void> | undefined;
  #closing: Promise<void> | undefined;
  readonly #stateListeners = new Set<Listener<StateChange>>();
  readonly #catalogListeners = new Set<Listener<Catalog>>();

  constructor(definition: ServiceDefinition, options: ConnectionOptions = {}) {
    this.name = definition.name;
    this.definition = definition;
    this.#settings = settingsFor(definition, options);
    this.#stderr = new TailBuffer(this.#settings.stderrBufferChars);
  }

  get state(): ServiceState {
    return this.#state;
  }

  get lastError(): Error | undefined {
    return this.#lastError;
  }

  get nextRetryAt(): number | undefined {
    return this.#nextRetryAt;
  }

  get catalog(): Catalog | undefined {
    return this.#catalog;
  }

  /** stdio only: the server's recent stderr (and any non-JSON-RPC stdout), redacted. */
  get stderrTail(): string {
    return this.#redact(this.#stderr.text);
  }

  /**
   * The SDK client of the current session, for requests this class does not wrap (completion,
   * logging/setLevel, resource subscriptions). It bypasses supervision: no fail-fast, no error mapping,
   * and it is replaced on every reconnect — read it again rather than keeping it.
   */
  get client(): Client | undefined {
    return this.#session?.client;
  }

  /** The transport actually in use (for `auto`, the one that answered). */
  get transport(): TransportKind | undefined {
    return this.#session?.kind ?? (this.definition.type === "stdio" ? "stdio" : this.#remoteKind);
  }

  info(): ServiceConnectionInfo {
    const err = this.#lastError;
    return {
      name: this.name,
      state: this.#state,
      transport: this.transport,
      definition: redactDefinition(this.definition),
      lastError: err && {
        code: (err as { code?: string }).code,
        message: err.message,
        retryable: !isPermanent(err),
      },
      nextRetryAt: this.#nextRetryAt,
      reconnectAttempts: this.#attempts,
      pid: this.#session?.stdio?.pid,
      serverInfo: this.#session?.client.getServerVersion(),
      connectedAt: this.#connectedAt,
      catalogFetchedAt: this.#catalog?.fetchedAt,
      stderrTail: this.stderrTail,
    };
  }

  /**
   * Starts connecting and resolves once the first attempt has settled: `healthy` with the catalog
   * fetched, or `reconnecting` / `unreachable` with `lastError` set. Rejects only after close().
   */
  start(): Promise<void> {
    if (this.#closing) return Promise.reject(this.#closedError("start() after close()"));
    this.#starting ??= this.#attempt();
    return this.#starting;
  }

  /**
   * Resolves when the state is `wanted`; rejects on close, at once with `lastError` when the service is
   * `unreachable` for a reason retrying cannot fix (`retryable: false`), or after `timeoutMs` naming the
   * state it saw.
   */
  waitFor(wanted: ServiceState = "healthy", timeoutMs = 30_000): Promise<void> {
    if (this.#state === wanted) return Promise.resolve();
    if (this.#state === "disconnected") return Promise.reject(this.#closedError(`waiting for "${wanted}"`));
    if (this.#hopeless()) return Promise.reject(this.#lastError);
    return new Promise((resolve, reject) => {
      const off = this.on("state", (change) => {
        if (change.to === wanted) {
          clearTimeout(timer);
          off();
          resolve();
        } else if (change.to === "disconnected") {
          clearTimeout(timer);
          off();
          reject(this.#closedError(`waiting for "${wanted}"`));
        } else if (wanted !== "unreachable" && this.#hopeless()) {
          clearTimeout(timer);
          off();
          reject(this.#lastError);
        }
      });
      const timer = setTimeout(() => {
        off();
        const why = this.#lastError ? `; last error: ${this.#lastError.message}` : "";
        reject(
          new WaitTimeoutError(
            this.#redact(
              `service "${this.name}" did not become ${wanted} within ${timeoutMs} ms (state: ${this.#state}${why})`,
            ),
            this.name,
            wanted,
            this.#state,
            this.#lastError,
          ),
        );
      }, timeoutMs);
    });
  }

  /** Unreachable for a reason retrying cannot fix: nobody should wait for it to connect. */
  #hopeless(): boolean {
    return this.#state === "unreachable" && isPermanent(this.#lastError);
  }

  // The hot path: one state check, one options object, one catch handler over the SDK's own call.
  callTool(
    name: string,
    args: Record<string, unknown> = {},
    options?: CallToolOptions,
  ): Promise<CallToolResult> {
    const client = this.#session?.client;
    if (!this.#callable || client === undefined) return Promise.reject(this.#unavailable());
    const timeout = options?.timeoutMs ?? this.#settings.defaultTimeoutMs;
    const signal = options?.signal;
    const requestOptions: RequestOptions =
      options === undefined
        ? { timeout }
        : {
            timeout,
            signal,
            onprogress: options.onProgress,
            resetTimeoutOnProgress: options.resetTimeoutOnProgress,
            maxTotalTimeout: options.maxTotalTimeoutMs,
          };
    return withScopedSignal(
      signal,
      (scoped) =>
        client.callTool(
          { name, arguments: args },
          undefined,
          scoped === undefined ? requestOptions : { ...requestOptions, signal: scoped },
        ) as Promise<CallToolResult>,
    ).catch((error: unknown) => {
      throw this.#requestError(error, "tools/call", name, timeout, signal);
    });
  }

  readResource(uri: string, options?: RequestCallOptions): Promise<ReadResourceResult> {
    return this.#request("resources/read", uri, options, (client, o) => client.readResource({ uri }, o));
  }

  getPrompt(
    name: string,
    args?: Record<string, string>,
    options?: RequestCallOptions,
  ): Promise<GetPromptResult> {
    return this.#request("prompts/get", name, options, (client, o) =>
      client.getPrompt(args === undefined ? { name } : { name, arguments: args }, o),
    );
  }

  /** Every tool, following every `nextCursor` page. */
  listTools(options?: RequestCallOptions): Promise<Tool[]> {
    return this.#request("tools/list", undefined, options, listAllTools);
  }

  listResources(options?: RequestCallOptions): Promise<Resource[]> {
    return this.#request("resources/list", undefined, options, listAllResources);
  }

  listResourceTemplates(options?: RequestCallOptions): Promise<ResourceTemplate[]> {
    return this.#request("resources/templates/list", undefined, options, listAllResourceTemplates);
  }

  listPrompts(options?: RequestCallOptions): Promise<Prompt[]> {
    return this.#request("prompts/list", undefined, options, listAllPrompts);
  }

  /** Fetches the whole catalog again (every page), stores it and emits "catalog". */
  async refreshCatalog(): Promise<Catalog> {
    const session = this.#session;
    if (!this.#callable || session === undefined) throw this.#unavailable();
    await this.#refresh(session, ["tools", "resources", "prompts"]);
    return this.#catalog!;
  }

  /** One ping; does not change the state (checkHealth does). */
  ping(options?: RequestCallOptions): Promise<void> {
    return this.#request(
      "ping",
      undefined,
      { timeoutMs: this.#settings.pingTimeoutMs, ...options },
      async (client, o) => {
        await client.ping(o);
      },
    );
  }

  /** Runs the health check now instead of at the next interval; resolves with the resulting state. */
  checkHealth(): Promise<ServiceState> {
    if (!this.#callable) return Promise.resolve(this.#state);
    this.#checking ??= this.#healthCheck().finally(() => {
      this.#checking = undefined;
    });
    return this.#checking;
  }

  /** Drops the current transport and connects afresh now, with a fresh retry budget. */
  reconnect(): Promise<void> {
    if (this.#closing) return Promise.reject(this.#closedError("reconnect() after close()"));
    this.#clearTimers();
    this.#dropSession();
    this.#attempts = 0;
    this.#crashes = 0;
    if (this.#state !== "initializing") this.#transition("reconnecting", this.#lastError);
    this.#starting ??= Promise.resolve();
    return this.#attempt();
  }

  /** Stops for good: kills the stdio process tree, state → `disconnected`. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  on(event: "state", listener: Listener<StateChange>): () => void;
  on(event: "catalog", listener: Listener<Catalog>): () => void;
  on(event: "state" | "catalog", listener: Listener<StateChange> | Listener<Catalog>): () => void {
    const set = (event === "state" ? this.#stateListeners : this.#catalogListeners) as Set<Listener<unknown>>;
    const fn = listener as Listener<unknown>;
    set.add(fn);
    return () => {
      set.delete(fn);
    };
  }

  // ---- connecting ---------------------------------------------------------------------------------

  async #attempt(): Promise<void> {
    const generation = ++this.#generation;
    this.#retryTimer = undefined;
    await this.#teardown;
    if (generation !== this.#generation) return;
    try {
      const session = await this.#open(generation);
      if (generation !== this.#generation) {
        this.#addTeardown(closeQuietly(session.client));
        return;
      }
      if (session.kind !== "stdio") this.#remoteKind = session.kind;
      const catalog = await fetchCatalog(session.client, { timeout: this.#settings.connectTimeoutMs });
      if (generation !== this.#generation) return;
      this.#pending = undefined;
      this.#session = session;
      this.#connectedAt = Date.now();
      this.#attempts = 0;
      this.#pingFailures = 0;
      this.#nextRetryAt = undefined;
      this.#setCatalog(catalog);
      this.#transition("healthy");
      this.#scheduleHealthCheck();
      if (this.#refreshQueued.size > 0) this.#onListChanged(session, [...this.#refreshQueued][0]!);
    } catch (error) {
      if (generation !== this.#generation) return;
      const failed = this.#pending;
      this.#pending = undefined;
      if (failed) this.#addTeardown(closeQuietly(failed.client));
      // A process that died may still be draining its last stderr lines, which say why; wait for them.
      if (failed?.stdio?.exitInfo) await failed.stdio.closed;
      if (generation !== this.#generation) return;
      const described = describeConnectFailure(error, {
        service: this.name,
        target: this.#target(),
        transport: failed?.kind ?? this.transport ?? "streamable-http",
        connectTimeoutMs: this.#settings.connectTimeoutMs,
        exit: failed?.stdio?.exitInfo,
      });
      this.#lastError = this.#finishError(described);
      this.#scheduleRetry();
    }
  }

  #open(generation: number): Promise<Session> {
    const resolved = resolveServiceDefinition(this.definition, this.#settings.env);
    this.#secrets = secretsOf(resolved);
    return openSession(resolved, {
      settings: this.#settings,
      stderr: this.#stderr,
      knownRemote: this.#remoteKind,
      hooks: this.#hooks,
      stillWanted: () => generation === this.#generation,
    });
  }

  readonly #hooks: SessionHooks = {
    created: (session) => {
      this.#pending = session;
    },
    closed: (session) => this.#onTransportClosed(session),
    error: (session, error) => this.#onTransportError(session, error),
    listChanged: (session, part) => this.#onListChanged(session, part),
  };

  #scheduleRetry(): void {
    if (this.#closing) return;
    const error = this.#lastError;
    const budget = fastRetryBudget(error, this.#settings.maxAttempts, this.#crashes > 0);
    if (error && this.#attempts < budget) {
      const delay = backoffDelay(
        this.#attempts,
        this.#settings.baseMs,
        this.#settings.capMs,
        this.#settings.random,
      );
      this.#attempts++;
      this.#nextRetryAt = Date.now() + delay;
      this.#transition("reconnecting", error);
      this.#retryTimer = unref(setTimeout(() => void this.#attempt(), delay));
    } else {
      this.#nextRetryAt = Date.now() + this.#settings.slowRetryMs;
      this.#transition("unreachable", error);
      this.#retryTimer = unref(setTimeout(() => void this.#attempt(), this.#settings.slowRetryMs));
    }
  }

  // ---- supervision --------------------------------------------------------------------------------

  #onTransportClosed(session: Session): void {
    if (session !== this.#session || this.#closing) return;
    const exit = session.stdio?.exitInfo;
    const why = exit
      ? `process ${exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`}`
      : `${session.kind} transport closed`;
    this.#connectionLost(this.#closedError(why));
  }

  #onTransportError(session: Session, _error: Error): void {
    // Remote transports report a dropped stream here and nowhere else; check now rather than at the
    // next interval. (stdio reports process exit through onclose, and garbage lines land in the tail.)
    if (session === this.#session && session.kind !== "stdio" && this.#checking === undefined) {
      void this.checkHealth();
    }
  }

  #connectionLost(error: Error): void {
    if (this.#closing || this.#session === undefined) return;
    this.#clearTimers();
    this.#dropSession();
    // A server that dies soon after every start is a crash loop: keep counting so the backoff grows and
    // the budget runs out, instead of starting afresh each time the handshake succeeds.
    const shortLived = this.#connectedAt !== undefined && Date.now() - this.#connectedAt < CRASH_WINDOW_MS;
    this.#crashes = shortLived ? this.#crashes + 1 : 0;
    this.#attempts = this.#crashes > 1 ? this.#crashes - 1 : 0;
    this.#lastError = error;
    this.#scheduleRetry();
  }

  #dropSession(): void {
    const old = [this.#session, this.#pending];
    this.#session = undefined;
    this.#pending = undefined;
    this.#callable = false;
    this.#generation++;
    for (const s of old) if (s) this.#addTeardown(closeQuietly(s.client));
  }

  // The next attempt waits for every transport being torn down, so two server processes never overlap.
  #addTeardown(closing: Promise<void>): void {
    this.#teardown = Promise.all([this.#teardown, closing]).then(() => {});
  }

  #scheduleHealthCheck(): void {
    if (this.#settings.healthIntervalMs <= 0 || this.#closing) return;
    clearTimeout(this.#healthTimer);
    this.#healthTimer = unref(setTimeout(() => void this.checkHealth(), this.#settings.healthIntervalMs));
  }

  async #healthCheck(): Promise<ServiceState> {
    const session = this.#session;
    if (session === undefined) return this.#state;
    clearTimeout(this.#healthTimer);
    try {
      await session.client.ping({ timeout: this.#settings.pingTimeoutMs });
      if (session !== this.#session) return this.#state;
      this.#pingFailures = 0;
      if (this.#state === "warning") this.#transition("healthy");
    } catch (error) {
      if (session !== this.#session) return this.#state;
      const failure = this.#finishError(
        new McpStoreClientError(
          "HEALTH_CHECK_FAILED",
          `service "${this.name}": health ping failed: ${describeError(error)}`,
          {
            cause: error,
          },
        ),
      );
      if (isTransportGone(error) || ++this.#pingFailures >= this.#settings.pingFailuresBeforeReconnect) {
        this.#connectionLost(failure);
        return this.#state;
      }
      this.#lastError = failure;
      this.#transition("warning", failure);
    }
    this.#scheduleHealthCheck();
    return this.#state;
  }

  #onListChanged(session: Session, part: CatalogPart): void {
    if (session === this.#pending) {
      // Arrived while the first catalog was being fetched, which may or may not include the change.
      this.#refreshQueued.add(part);
      return;
    }
    if (session !== this.#session) return;
    void this.#refresh(session, [part]).catch(() => {
      // A failed refresh keeps the previous catalog; the health check deals with a dead transport.
    });
  }

  /** Coalesces refreshes: while one runs, further requests are merged into a single follow-up. */
  #refresh(session: Session, parts: CatalogPart[]): Promise<void> {
    for (const p of parts) this.#refreshQueued.add(p);
    this.#refreshing ??= (async () => {
      try {
        while (this.#refreshQueued.size > 0 && session === this.#session) {
          const batch = [...this.#refreshQueued];
          this.#refreshQueued.clear();
          const catalog = await fetchCatalog(
            session.client,
            { timeout: this.#settings.defaultTimeoutMs },
            batch,
            this.#catalog,
          );
          if (session === this.#session) this.#setCatalog(catalog);
        }
      } finally {
        this.#refreshing = undefined;
        this.#refreshQueued.clear();
      }
    })();
    return this.#refreshing;
  }

  #setCatalog(catalog: Catalog): void {
    this.#catalog = catalog;
    for (const fn of this.#catalogListeners) safeCall(fn, catalog);
  }

  #transition(to: ServiceState, error?: Error): void {
    const from = this.#state;
    if (from === to || from === "disconnected") return;
    this.#state = to;
    this.#callable = acceptsCalls(to) && this.#session !== undefined;
    const change: StateChange = {
      service: this.name,
      from,
      to,
      error,
      nextRetryAt: this.#nextRetryAt,
      at: Date.now(),
    };
    for (const fn of this.#stateListeners) safeCall(fn, change);
  }

  async #shutdown(): Promise<void> {
    this.#clearTimers();
    const sessions = [this.#session, this.#pending].filter((s): s is Session => s !== undefined);
    this.#session = undefined;
    this.#pending = undefined;
    this.#callable = false;
    this.#generation++;
    this.#nextRetryAt = undefined;
    this.#transition("disconnected");
    await Promise.all(
      sessions.map(async (s) => {
        if (s.kind === "streamable-http") {
          // Tell the server it can drop the session; a dead server just makes this fail quickly.
          await withTimeout((s.transport as StreamableHTTPClientTransport).terminateSession(), 1_000).catch(
            () => {},
          );
        }
        await closeQuietly(s.client);
      }),
    );
    await this.#teardown;
  }

  #clearTimers(): void {
    clearTimeout(this.#retryTimer);
    clearTimeout(this.#healthTimer);
    this.#retryTimer = undefined;
    this.#healthTimer = undefined;
  }

  // ---- requests and errors ------------------------------------------------------------------------

  async #request<T>(
    method: string,
    subject: string | undefined,
    options: RequestCallOptions | undefined,
    run: (client: Client, options: RequestOptions) => Promise<T>,
  ): Promise<T> {
    const client = this.#session?.client;
    if (!this.#callable || client === undefined) throw this.#unavailable();
    const timeout = options?.timeoutMs ?? this.#settings.defaultTimeoutMs;
    try {
      return await withScopedSignal(options?.signal, (signal) => run(client, { timeout, signal }));
    } catch (error) {
      throw this.#requestError(error, method, subject, timeout, options?.signal);
    }
  }

  #requestError(
    error: unknown,
    method: string,
    subject: string | undefined,
    timeoutMs: number,
    signal: AbortSignal | undefined,
  ): Error {
    const mapped = toRequestError(error, {
      service: this.name,
      state: this.#state,
      lastError: this.#lastError,
      method,
      subject,
      timeoutMs,
      signal,
      redact: (text) => this.#redact(text),
    });
    // A remote transport says it is gone only through failed requests: check it now.
    if (mapped instanceof ConnectionClosedError && this.#session && this.#session.kind !== "stdio") {
      void this.checkHealth();
    }
    return mapped;
  }

  #unavailable(): ServiceUnavailableError {
    return unavailableError(this.name, this.#state, this.#lastError, this.#nextRetryAt, (t) =>
      this.#redact(t),
    );
  }

  #closedError(why: string): ConnectionClosedError {
    return new ConnectionClosedError(this.#finishText(`service "${this.name}": ${why}`), this.name);
  }

  /** Adds the stderr tail (stdio) and redacts, in place: the error keeps its class and fields. */
  #finishError(error: Error): Error {
    error.message = this.#finishText(error.message);
    return error;
  }

  #finishText(text: string): string {
    const tail = this.definition.type === "stdio" ? this.#stderr.lastLines(STDERR_LINES_IN_ERRORS) : "";
    return this.#redact(tail && !text.includes("\nstderr:") ? `${text}\nstderr:\n${tail}` : text);
  }

  #redact(text: string): string {
    return redactText(text, this.#secrets);
  }

  #target(): string {
    const d = this.definition;
    return d.type === "stdio" ? [d.command, ...redactArgs(d.args)].join(" ") : redactUrl(d.url);
  }
}

import { MCPStoreError } from "@mcpstore/errors";

/**
 * Every error the store throws on purpose — its own, the client's, the storage adapters' and the
 * keyspace's — extends {@link MCPStoreError} and carries a stable string `code`, so callers (the CLI's
 * exit codes, the HTTP app's problem+json) can branch without parsing messages.
 */
export { isMCPStoreError, MCPStoreError } from "@mcpstore/errors";

/**
 * The old name of `MCPStoreError`: the same class.
 * @deprecated Use `MCPStoreError`.
 */
export const McpStoreError = MCPStoreError;
/**
 * The old name of `MCPStoreError`.
 * @deprecated Use `MCPStoreError`.
 */
export type McpStoreError = MCPStoreError;

/** One problem with the options, as `InvalidOptionsError.issues` lists them. */
export interface OptionIssue {
  /** Dotted path of the offending option, e.g. `redis.socketTimeout`. */
  readonly path: string;
  /** What is wrong and what is allowed. */
  readonly message: string;
}

/** `setupStore` (or a context method) got options it cannot use; nothing was started or changed. */
export class InvalidOptionsError extends MCPStoreError {
  /** Every problem found, not just the first. */
  readonly issues: readonly OptionIssue[];

  constructor(issues: readonly OptionIssue[]) {
    super(
      "OPTIONS_INVALID",
      `Invalid options:\n${issues.map((i) => `  - ${i.path}: ${i.message}`).join("\n")}`,
    );
    this.issues = issues;
  }
}

/** Redis was configured but `@mcpstore/storage-redis` cannot be loaded. */
export class StorageRedisMissingError extends MCPStoreError {
  constructor(cause: unknown) {
    super(
      "STORAGE_REDIS_MISSING",
      'Redis is configured but the package "@mcpstore/storage-redis" is not installed. ' +
        "Install it with `npm i @mcpstore/storage-redis` (or use the umbrella package `mcpstore`).",
      { cause },
    );
  }
}

/** Redis could not be reached at setup and `fallback: "error"` was asked for. */
export class StorageSetupError extends MCPStoreError {
  constructor(message: string, cause: unknown) {
    super("STORAGE_UNREACHABLE", message, { cause });
  }
}

/** A service name this context does not see (code SERVICE_NOT_FOUND); lists the ones it does. */
export class ServiceNotFoundError extends MCPStoreError {
  /** The name asked for. */
  readonly service: string;
  /** The services this context sees. */
  readonly known: readonly string[];

  constructor(service: string, known: readonly string[], scope: string) {
    const hint = known.length ? ` Known services: ${known.join(", ")}.` : " No services are registered.";
    super("SERVICE_NOT_FOUND", `Service "${service}" is not registered in ${scope}.${hint}`);
    this.service = service;
    this.known = known;
  }
}

/** `addService(..., { ifExists: "error" })` found the name taken. */
export class ServiceExistsError extends MCPStoreError {
  /** The name asked for. */
  readonly service: string;

  constructor(service: string) {
    super("SERVICE_EXISTS", `Service "${service}" already exists with a different definition.`);
    this.service = service;
  }
}

/** `waitService` gave up; says where the service was stuck and why. */
export class ServiceWaitTimeoutError extends MCPStoreError {
  /** The name waited for. */
  readonly service: string;
  /** The states waited for. */
  readonly wanted: readonly string[];
  /** The state the service was in when the wait gave up. */
  readonly state: string;
  /** The service's last connection error, if any. */
  readonly lastError: string | undefined;
  /** How long it waited, ms. */
  readonly timeoutMs: number;

  constructor(args: {
    service: string;
    wanted: readonly string[];
    state: string;
    lastError: string | undefined;
    timeoutMs: number;
  }) {
    const why = args.lastError ? `; last error: ${args.lastError}` : "";
    super(
      "SERVICE_WAIT_TIMEOUT",
      `Service "${args.service}" did not become ${args.wanted.join(" or ")} within ${args.timeoutMs} ms ` +
        `(last state: ${args.state}${why})`,
    );
    this.service = args.service;
    this.wanted = args.wanted;
    this.state = args.state;
    this.lastError = args.lastError;
    this.timeoutMs = args.timeoutMs;
  }

  /** The old name of `state`. @deprecated Use `state`. */
  get lastState(): string {
    return this.state;
  }
}

/** A tool or prompt an ambiguous name could mean. */
export interface NameCandidate {
  /** The qualified name that reaches this tool or prompt unambiguously. */
  readonly name: string;
  /** Its service's name in the context. */
  readonly service: string;
  /** The name the MCP server gave it. */
  readonly originalName: string;
}

/** What a name table resolves: tools for `useTool`, prompts for `getPrompt`. */
export type CatalogKind = "tool" | "prompt";

const CAPITAL: Record<CatalogKind, string> = { tool: "Tool", prompt: "Prompt" };

/** No tool (or prompt) with that name is visible; lists the nearest names so a typo is easy to fix. */
export class NameNotFoundError extends MCPStoreError {
  /** "tool" or "prompt". */
  readonly kind: CatalogKind;
  /** The name asked for. */
  readonly requested: string;
  /** The closest names that exist (may be empty). */
  readonly nearest: readonly string[];

  constructor(
    kind: CatalogKind,
    requested: string,
    nearest: readonly string[],
    pending: readonly string[] = [],
  ) {
    const hint = nearest.length ? ` Did you mean: ${nearest.join(", ")}?` : ` No ${kind}s are available.`;
    const wait = pending.length
      ? ` Still connecting, without ${kind}s yet: ${pending.join(", ")}; waitService(name) waits for one.`
      : "";
    super(`${kind.toUpperCase()}_NOT_FOUND`, `${CAPITAL[kind]} "${requested}" not found.${hint}${wait}`);
    this.kind = kind;
    this.requested = requested;
    this.nearest = nearest;
  }
}

/** An original name exists in more than one service; nothing was called. */
export class AmbiguousNameError extends MCPStoreError {
  /** "tool" or "prompt". */
  readonly kind: CatalogKind;
  /** The name asked for. */
  readonly requested: string;
  /** Every tool or prompt it could mean, with its qualified name. */
  readonly candidates: readonly NameCandidate[];

  constructor(kind: CatalogKind, requested: string, candidates: readonly NameCandidate[]) {
    super(
      `${kind.toUpperCase()}_AMBIGUOUS`,
      `${CAPITAL[kind]} name "${requested}" is provided by ${candidates.length} services; use its qualified name: ` +
        candidates.map((c) => `${c.name} (service "${c.service}")`).join(", "),
    );
    this.kind = kind;
    this.requested = requested;
    this.candidates = candidates;
  }
}

/** `useTool` got a name no visible tool has (code TOOL_NOT_FOUND). */
export class ToolNotFoundError extends NameNotFoundError {
  /** `pending`: services of the view still without tools (named in the message). */
  constructor(tool: string, nearest: readonly string[], pending: readonly string[] = []) {
    super("tool", tool, nearest, pending);
  }

  /** The name asked for (same as `requested`). */
  get tool(): string {
    return this.requested;
  }
}

/** `useTool` got an original name several services have (code TOOL_AMBIGUOUS). */
export class AmbiguousToolError extends AmbiguousNameError {
  constructor(tool: string, candidates: readonly NameCandidate[]) {
    super("tool", tool, candidates);
  }

  /** The name asked for (same as `requested`). */
  get tool(): string {
    return this.requested;
  }
}

/** `getPrompt` got a name no visible prompt has (code PROMPT_NOT_FOUND). */
export class PromptNotFoundError extends NameNotFoundError {
  constructor(prompt: string, nearest: readonly string[]) {
    super("prompt", prompt, nearest);
  }
}

/** `getPrompt` got an original name several services have (code PROMPT_AMBIGUOUS). */
export class AmbiguousPromptError extends AmbiguousNameError {
  constructor(prompt: string, candidates: readonly NameCandidate[]) {
    super("prompt", prompt, candidates);
  }
}

/** `readResource` found no service (or several) offering that URI. */
export class ResourceNotFoundError extends MCPStoreError {
  /** The URI asked for. */
  readonly uri: string;
  /** The services offering it, when several do. */
  readonly candidates: readonly string[];

  constructor(uri: string, candidates: readonly string[]) {
    super(
      candidates.length ? "RESOURCE_AMBIGUOUS" : "RESOURCE_NOT_FOUND",
      candidates.length
        ? `Resource "${uri}" is offered by several services (${candidates.join(", ")}); pass { service }.`
        : `No visible service offers resource "${uri}"; pass { service } to ask one directly.`,
    );
    this.uri = uri;
    this.candidates = candidates;
  }
}

/** The storage is unreachable and the bounded queue of pending writes is full; this write was refused. */
export class WriteQueueFullError extends MCPStoreError {
  /** The queue's bound (`outageQueueLimit`). */
  readonly limit: number;

  constructor(limit: number, cause?: unknown) {
    super(
      "STORAGE_QUEUE_FULL",
      `Storage is unreachable and ${limit} writes are already queued; this change was not applied. ` +
        "Retry once storageStatus is back to ok, or raise `outageQueueLimit`.",
      { cause },
    );
    this.limit = limit;
  }
}

/** A write kept losing version races; very unlikely, surfaced instead of looping forever. */
export class WriteConflictError extends MCPStoreError {
  /** The storage key that kept changing. */
  readonly key: string;

  constructor(key: string, attempts: number) {
    super("WRITE_CONFLICT", `Gave up writing "${key}" after ${attempts} concurrent-update retries.`);
    this.key = key;
  }
}

/** A call on a store after `close()` (code STORE_CLOSED). */
export class StoreClosedError extends MCPStoreError {
  constructor() {
    super("STORE_CLOSED", "The store is closed.");
  }
}

/** One registry change that storage does not have yet. */
export interface UnwrittenChange {
  /** The service the change is about. */
  readonly service: string;
  /** `put`: an add or update; `remove`: a removal. */
  readonly kind: "put" | "remove";
}

/** What is not in storage yet. */
export interface Unwritten {
  /** Registry changes (addService, updateService, removeService) still queued, in order. */
  readonly changes: readonly UnwrittenChange[];
  /** Tools whose call counts are still only in this process. */
  readonly statsTools: readonly string[];
}

/**
 * `flush()` or `close()` could not write everything to storage (it stayed unreachable). `unwritten`
 * lists what is missing. After `flush()` it stays queued and is replayed when storage is back; after
 * `close()` it is lost unless `spillFile` was set (then `spilledTo` names the file the next
 * `setupStore({ spillFile })` replays).
 */
export class UnwrittenChangesError extends MCPStoreError {
  /** What storage does not have. */
  readonly unwritten: Unwritten;
  /** The `spillFile` it was saved to (close() only), or undefined. */
  readonly spilledTo: string | undefined;

  constructor(
    operation: "flush" | "close",
    unwritten: Unwritten,
    detail: { storageError?: string; waitedMs?: number; spilledTo?: string },
  ) {
    const parts: string[] = [];
    if (unwritten.changes.length) {
      const shown = unwritten.changes.slice(0, 10).map((c) => `${c.kind} "${c.service}"`);
      const more = unwritten.changes.length - shown.length;
      parts.push(
        `${unwritten.changes.length} registry change(s) (${shown.join(", ")}${more > 0 ? `, and ${more} more` : ""})`,
      );
    }
    if (unwritten.statsTools.length) parts.push(`call counts of ${unwritten.statsTools.length} tool(s)`);
    const what = parts.length ? parts.join(" and ") : "this instance's service states and catalogs";
    const why = detail.storageError ? ` (${detail.storageError})` : "";
    const waited = detail.waitedMs ? ` after waiting ${detail.waitedMs} ms` : "";
    const fate =
      operation === "flush"
        ? " They stay queued and are written when storage is back; storageStatus says when."
        : detail.spilledTo
          ? ` They were saved to ${detail.spilledTo}; the next setupStore({ spillFile }) on this dataspace writes them.`
          : " They are lost: set `spillFile` to keep them for the next start, or a larger `closeTimeoutMs` to wait longer.";
    super(
      "STORAGE_UNWRITTEN",
      `${operation}(): storage is unreachable${why}${waited}; not written: ${what}.${fate}`,
    );
    this.unwritten = unwritten;
    this.spilledTo = detail.spilledTo;
  }
}

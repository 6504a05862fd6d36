import { InvalidOptionsError, type OptionIssue } from "./errors.js";
import type { ServiceOwner } from "./owner.js";

/** Where storage stands, as `storageStatus` and the `storage.status` event report it. */
export interface StorageStatusInfo {
  /** Backend name: "memory", "redis", "redis-cluster", "redis-sentinel", or a custom adapter's kind. */
  readonly kind: string;
  /**
   * - "ok": writes reach storage.
   * - "degraded": storage is unreachable; writes are queued and replayed on reconnect.
   * - "memory-fallback": Redis was unreachable at setup; this store runs on memory only.
   */
  readonly state: "ok" | "degraded" | "memory-fallback";
  /** The old name of `state` (same value). @deprecated Use `state`. */
  readonly status: "ok" | "degraded" | "memory-fallback";
  /** Writes waiting for storage to come back. */
  readonly queued: number;
  /** The last storage error while degraded or fallen back, redacted. */
  readonly lastError: string | undefined;
}

interface ServiceEventBase {
  /** Name in the store view (unique in the dataspace). */
  readonly service: string;
  readonly localName: string;
  readonly owner: ServiceOwner;
  /** True when the change came from another store instance through storage. */
  readonly remote: boolean;
}

/** What the store reports on `on()` and `events()`: service changes (local or from another instance), state transitions, catalog changes and storage health. */
export type StoreEvent =
  | (ServiceEventBase & { readonly type: "service.added"; readonly version: number })
  | (ServiceEventBase & { readonly type: "service.updated"; readonly version: number })
  | (ServiceEventBase & { readonly type: "service.removed" })
  | (ServiceEventBase & {
      readonly type: "service.state";
      readonly from: string;
      readonly to: string;
      readonly error: string | undefined;
    })
  | (ServiceEventBase & {
      readonly type: "tools.changed";
      readonly tools: readonly string[];
      readonly stale: boolean;
    })
  | { readonly type: "storage.status"; readonly storage: StorageStatusInfo };

/** The `type` of a store event. */
export type StoreEventType = StoreEvent["type"];
/** The event of one type. */
export type StoreEventOf<T extends StoreEventType> = Extract<StoreEvent, { type: T }>;

/** Options of `MCPStore.events()`. */
export interface EventStreamOptions {
  /** Only these event types. */
  readonly types?: readonly StoreEventType[];
  /** Ends the iteration when aborted. */
  readonly signal?: AbortSignal;
  /** Events kept for a slow consumer before the oldest are dropped (default 10,000). */
  readonly bufferSize?: number;
}

type Listener = (event: StoreEvent) => void;

const EVENT_TYPES: readonly StoreEventType[] = [
  "service.added",
  "service.updated",
  "service.removed",
  "service.state",
  "tools.changed",
  "storage.status",
];

/** Checks `events()` options as JavaScript may pass them: a misspelt type would otherwise match nothing. */
export function checkStreamOptions(options: unknown): void {
  if (options === undefined) return;
  const issues: OptionIssue[] = [];
  if (typeof options !== "object" || options === null) {
    throw new InvalidOptionsError([{ path: "options", message: "must be an object like { types, signal }" }]);
  }
  const o = options as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (key !== "types" && key !== "signal" && key !== "bufferSize") {
      issues.push({ path: key, message: "unknown option (use types, signal, bufferSize)" });
    }
  }
  if (o.types !== undefined) {
    const types = Array.isArray(o.types) ? o.types : [o.types];
    for (const t of types) {
      if (!EVENT_TYPES.includes(t as StoreEventType)) {
        issues.push({
          path: "types",
          message: `${JSON.stringify(t)} is not an event type; use ${EVENT_TYPES.map((e) => `"${e}"`).join(", ")}`,
        });
      }
    }
    if (!Array.isArray(o.types)) issues.push({ path: "types", message: "must be an array of event types" });
  }
  const b = o.bufferSize;
  if (b !== undefined && (typeof b !== "number" || !Number.isInteger(b) || b <= 0)) {
    issues.push({ path: "bufferSize", message: "must be a positive integer" });
  }
  if (o.signal !== undefined && !(o.signal instanceof AbortSignal)) {
    issues.push({ path: "signal", message: "must be an AbortSignal" });
  }
  if (issues.length) throw new InvalidOptionsError(issues);
}

/**
 * Fan-out of store events to callbacks and async iterators. A throwing listener is isolated (reported
 * through `onListenerError`) so one bad subscriber never breaks the store or the others.
 */
export class EventBus {
  readonly #listeners = new Set<{ type: StoreEventType | "*"; fn: Listener }>();
  readonly #closers = new Set<() => void>();
  #closed = false;

  constructor(private readonly onListenerError: (error: unknown) => void) {}

  on(type: StoreEventType | "*", fn: Listener): () => void {
    const entry = { type, fn };
    this.#listeners.add(entry);
    return () => {
      this.#listeners.delete(entry);
    };
  }

  emit(event: StoreEvent): void {
    for (const l of this.#listeners) {
      if (l.type !== "*" && l.type !== event.type) continue;
      try {
        l.fn(event);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  /** Events from now on, until `return()`, the signal, or `close()`. */
  stream(options: EventStreamOptions = {}): AsyncIterableIterator<StoreEvent> {
    const limit = options.bufferSize ?? 10_000;
    const types = options.types ? new Set(options.types) : undefined;
    const buffer: StoreEvent[] = [];
    let waiting: ((r: IteratorResult<StoreEvent>) => void) | undefined;
    let done = this.#closed;

    const finish = () => {
      if (done) return;
      done = true;
      off();
      this.#closers.delete(finish);
      options.signal?.removeEventListener("abort", finish);
      waiting?.({ done: true, value: undefined });
      waiting = undefined;
    };
    const off = this.on("*", (event) => {
      if (types && !types.has(event.type)) return;
      if (waiting) {
        const resolve = waiting;
        waiting = undefined;
        resolve({ done: false, value: event });
        return;
      }
      buffer.push(event);
      if (buffer.length > limit) buffer.shift();
    });
    this.#closers.add(finish);
    if (options.signal?.aborted) finish();
    else options.signal?.addEventListener("abort", finish, { once: true });

    const iterator: AsyncIterableIterator<StoreEvent> = {
      next: () => {
        const value = buffer.shift();
        if (value) return Promise.resolve({ done: false, value });
        if (done) return Promise.resolve({ done: true, value: undefined });
        return new Promise((resolve) => {
          waiting = resolve;
        });
      },
      return: () => {
        finish();
        buffer.length = 0;
        return Promise.resolve({ done: true, value: undefined });
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  /** Ends every open iterator (after it drains what it already has) and drops every listener. */
  close(): void {
    this.#closed = true;
    for (const finish of [...this.#closers]) finish();
    this.#listeners.clear();
  }
}

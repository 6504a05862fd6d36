import type { Catalog, StateChange } from "@mcpstore/mcp-client";
import type { EventBus } from "../events.js";
import type { Mirror, MirrorChange, MirrorRecord } from "../sync/mirror.js";
import { parseCatalogCache, type WireEvent } from "../sync/records.js";
import { type Publisher, toolStorageName } from "./publisher.js";
import { sweepRemoved } from "./removal-sweep.js";
import { ServiceRuntime } from "./service-runtime.js";
import type { StatsFlusher } from "./stats-flusher.js";
import type { CoreConfig } from "./store-core.js";

/** What applying changes works on; all owned by the core. */
export interface ApplierTarget {
  readonly config: CoreConfig;
  readonly mirror: Mirror;
  readonly runtimes: Map<string, ServiceRuntime>;
  readonly bus: EventBus;
  readonly publisher: Publisher;
  readonly stats: StatsFlusher;
  readonly hooks: ReadonlySet<(change: MirrorChange, remote: boolean) => void>;
  /** Marks what the views serve as changed. */
  bump(): void;
  /** Whether a removal's cleanup can be sent now (open, storage reachable). */
  canSweep(): boolean;
}

/**
 * Turns registry changes — local commits, other instances' events, snapshots — into running
 * services: a runtime per added service, a reconnect when a definition changed, and on removal the
 * runtime closed, its pending stats discarded and its keys swept. Also relays each runtime's state and
 * catalog changes to the event bus and the publisher.
 */
export class ChangeApplier {
  constructor(private readonly target: ApplierTarget) {}

  handle(change: MirrorChange, remote: boolean): void {
    if (change.kind === "ignored") return;
    const { config, runtimes, bus } = this.target;
    const { logger } = config;
    const base = (r: MirrorRecord) => ({ service: r.name, localName: r.localName, owner: r.owner, remote });
    switch (change.kind) {
      case "added": {
        const rt = new ServiceRuntime(change.record, config.connection, {
          onState: (runtime, c) => this.#onState(runtime, c),
          onCatalog: (runtime, c) => this.#onCatalog(runtime, c),
        });
        runtimes.set(change.record.name, rt);
        this.target.bump();
        logger.debug(`service ${change.record.name} added (v${change.record.version})`, { remote });
        bus.emit({ type: "service.added", ...base(change.record), version: change.record.version });
        break;
      }
      case "updated": {
        const rt = runtimes.get(change.record.name);
        if (rt && change.definitionChanged) {
          rt.replace(change.record).catch((error: unknown) =>
            logger.warn(`closing the old connection of ${change.record.name} failed`, {
              error: String(error),
            }),
          );
        } else {
          rt?.setRecord(change.record);
        }
        this.target.bump();
        logger.debug(`service ${change.record.name} updated (v${change.record.version})`, {
          remote,
          reconnect: change.definitionChanged,
        });
        bus.emit({ type: "service.updated", ...base(change.record), version: change.record.version });
        break;
      }
      case "removed":
        this.#remove(change.previous, change.version);
        logger.debug(`service ${change.previous.name} removed`, { remote });
        bus.emit({ type: "service.removed", ...base(change.previous) });
        break;
    }
    for (const hook of this.target.hooks) hook(change, remote);
  }

  /** Removal wins: nothing this instance still holds for the service may be written after it. */
  #remove(previous: MirrorRecord, version: number): void {
    const { runtimes, publisher, stats, config } = this.target;
    const name = previous.name;
    // Known before the runtime goes: every tool key this instance wrote or served.
    const tools = publisher.toolKeysOf(name);
    const rt = runtimes.get(name);
    runtimes.delete(name);
    publisher.forget(name);
    for (const tool of tools) stats.buffer.discard(tool);
    rt?.close().catch(() => {});
    if (version > 0 && this.target.canSweep()) sweepRemoved(config, name, version, tools);
    this.target.bump();
  }

  /** Applies another instance's event (the core skips our own and those arriving after close). */
  async applyWire(event: WireEvent): Promise<void> {
    const { mirror, runtimes, config } = this.target;
    switch (event.type) {
      case "service.put":
        this.handle(mirror.applyPut(event.config, event.version), true);
        return;
      case "service.removed":
        this.handle(mirror.applyRemove(event.service, event.version), true);
        return;
      case "service.restart":
        await runtimes.get(event.service)?.restart();
        return;
      case "catalog.cached": {
        const rt = runtimes.get(event.service);
        if (!rt || rt.cachedHash === event.hash) return;
        const cache = parseCatalogCache(
          await config.storage.get(config.keyspace.serviceCache(event.service)),
        );
        if (rt.setCached(cache)) {
          this.target.bump();
          this.#emitTools(rt);
        }
        return;
      }
    }
  }

  #onState(rt: ServiceRuntime, change: StateChange): void {
    this.target.bump();
    const r = rt.record;
    this.target.config.logger.debug(
      `service ${r.name}: ${change.from} → ${change.to}`,
      change.error ? { error: change.error.message } : undefined,
    );
    this.target.bus.emit({
      type: "service.state",
      service: r.name,
      localName: r.localName,
      owner: r.owner,
      remote: false,
      from: change.from,
      to: change.to,
      error: change.error?.message,
    });
    this.target.publisher.markState(r.name);
    // Healthy again: the served catalog switches from the cached one to our own.
    if (change.to === "healthy" || change.from === "healthy") this.#emitTools(rt);
  }

  #onCatalog(rt: ServiceRuntime, _catalog: Catalog): void {
    this.target.bump();
    this.#emitTools(rt);
    this.target.publisher.markCatalog(rt.name);
  }

  #emitTools(rt: ServiceRuntime): void {
    const r = rt.record;
    const catalog = rt.catalog;
    this.target.bus.emit({
      type: "tools.changed",
      service: r.name,
      localName: r.localName,
      owner: r.owner,
      remote: false,
      tools: catalog.tools.map((t) => toolStorageName(r.name, t.name)),
      stale: catalog.stale,
    });
  }
}

import type { Keyspace } from "@mcpstore/keyspace";
import type { StorageAdapter } from "@mcpstore/storage";
import { WriteConflictError } from "../errors.js";
import { type Intent, isLive, type Outcome } from "./intents.js";
import { parseConfigDocument, type VersionedConfig } from "./records.js";
import {
  type PlannerContext,
  planWrites,
  SERVICE_VERSION_FIELD,
  type StoredContext,
} from "./write-planner.js";

const MAX_ATTEMPTS = 64;

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Commits intents with optimistic concurrency: plan on the best-known versions, write one atomic
 * batch, and on a lost race re-read only the keys that conflicted and plan again. Every writer that
 * retries re-applies its own intent on top of the winner's document, so concurrent updates to
 * different fields all survive and every process ends on the same final document.
 */
export class ServiceWriter {
  constructor(
    private readonly storage: StorageAdapter,
    private readonly ctx: PlannerContext,
  ) {}

  get keyspace(): Keyspace {
    return this.ctx.keyspace;
  }

  /** Reads the stored config of each service (one round trip). */
  async read(names: readonly string[]): Promise<Map<string, VersionedConfig | null>> {
    const values = await this.storage.getManyVersioned(names.map((n) => this.ctx.keyspace.serviceConfig(n)));
    const out = new Map<string, VersionedConfig | null>();
    names.forEach((name, i) => {
      const v = values[i];
      const doc = v ? parseConfigDocument(v.value) : null;
      out.set(name, v && doc ? { doc, version: v.version } : null);
    });
    return out;
  }

  /**
   * Commits `intents` (each service at most once). `guess` gives what the caller believes storage
   * holds; `undefined` means "unknown, read it first". Returns one outcome per intent, in order. When
   * any outcome is "exists", nothing is written.
   */
  async commit(
    intents: readonly Intent[],
    guess: (name: string) => VersionedConfig | null | undefined,
  ): Promise<Outcome[]> {
    const current = new Map<string, VersionedConfig | null>();
    const unknown: string[] = [];
    for (const intent of intents) {
      const g = guess(intent.name);
      if (g === undefined) unknown.push(intent.name);
      else current.set(intent.name, g);
    }
    if (unknown.length) for (const [k, v] of await this.read(unknown)) current.set(k, v);

    for (let attempt = 1; ; attempt++) {
      const plan = planWrites(intents, current, this.ctx, await this.#storedContext(intents, current));
      if (plan.outcomes.some((o) => o.kind === "exists") || plan.ops.length === 0) return plan.outcomes;
      const result = await this.storage.batch(plan.ops);
      if (result.ok) {
        // The adapter's versions are the truth; the planner's are what the CAS guaranteed they'd be.
        return plan.outcomes.map((o) => {
          if (o.kind !== "written" && o.kind !== "removed") return o;
          const v = result.versions[this.ctx.keyspace.serviceConfig(o.name)];
          return v === undefined ? o : { ...o, version: v };
        });
      }
      if (attempt >= MAX_ATTEMPTS) throw new WriteConflictError(result.conflicts[0]?.key ?? "?", attempt);
      const byKey = new Map(intents.map((i) => [this.ctx.keyspace.serviceConfig(i.name), i.name]));
      const stale = result.conflicts.map((c) => byKey.get(c.key)).filter((n): n is string => n !== undefined);
      for (const [k, v] of await this.read(stale.length ? stale : [...current.keys()])) current.set(k, v);
      // Many writers on one key: spread the retries so one of them wins quickly instead of all colliding.
      if (attempt > 2) await pause(Math.random() * Math.min(50, attempt * 2));
    }
  }

  /**
   * Reads what a plan needs besides the configs, only when it needs it: the version floor when a
   * config is created where no key exists or a service is removed, the tool index when one is
   * removed. One round trip (both reads in flight together); none for plain updates.
   */
  async #storedContext(
    intents: readonly Intent[],
    current: ReadonlyMap<string, VersionedConfig | null>,
  ): Promise<StoredContext | undefined> {
    const creates = intents.some((i) => i.kind === "put" && !current.get(i.name));
    const removes = intents.some((i) => i.kind === "remove" && isLive(current.get(i.name)));
    if (!creates && !removes) return undefined;
    const { keyspace } = this.ctx;
    const [versions, toolIndex] = await Promise.all([
      this.storage.hgetall(keyspace.versions()),
      removes ? this.storage.hgetall(keyspace.toolIndex()) : ({} as Record<string, string>),
    ]);
    const floor = Number(versions[SERVICE_VERSION_FIELD] ?? 0);
    const toolsByService = new Map<string, string[]>();
    for (const [tool, service] of Object.entries(toolIndex)) {
      const list = toolsByService.get(service);
      if (list) list.push(tool);
      else toolsByService.set(service, [tool]);
    }
    return { versionFloor: Number.isSafeInteger(floor) && floor > 0 ? floor : 0, toolsByService };
  }
}

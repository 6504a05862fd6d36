import { createKeyspace, type Keyspace } from "@mcpstore/keyspace";
import type { StorageAdapter } from "@mcpstore/storage";
import { createRedisAdapter } from "@mcpstore/storage-redis";
import { TUNING, type Tuning } from "../../src/core/tuning.js";
import { MCPStore, type SetupOptions } from "../../src/index.js";
import type { Topology } from "./topologies.js";

/** Setup options with internal timings shortened (the `TUNING` key option validation does not see). */
export function tuned(options: SetupOptions, tuning: Partial<Tuning>): SetupOptions {
  return Object.assign({ fallback: "error" as const }, options, { [TUNING]: tuning });
}

/** Opens stores and closes whatever a test left open. */
export class Stores {
  readonly #open: MCPStore[] = [];
  readonly #adapters: StorageAdapter[] = [];

  async setup(options: SetupOptions): Promise<MCPStore> {
    const store = await MCPStore.setupStore({ fallback: "error", ...options });
    this.#open.push(store);
    return store;
  }

  /** A separate connection to the topology to look at the raw keys, and the dataspace's keyspace. */
  async raw(topology: Topology, namespace: string, dataspace: string): Promise<[StorageAdapter, Keyspace]> {
    const { namespace: _, dataspace: __, ...connection } = topology.redis();
    const adapter = await createRedisAdapter(connection);
    this.#adapters.push(adapter);
    return [adapter, createKeyspace({ namespace, dataspace, cluster: adapter.capabilities.cluster })];
  }

  async closeAll(): Promise<void> {
    await Promise.allSettled(this.#open.splice(0).map((s) => s.close()));
    await Promise.allSettled(this.#adapters.splice(0).map((a) => a.close()));
  }
}

/**
 * Wraps an adapter so calls of one method wait while the gate is held (the rest goes straight
 * through): e.g. an instance whose event follower is stuck and so has not seen a change yet.
 */
export function gatedAdapter(
  inner: StorageAdapter,
  method: keyof StorageAdapter,
  only: (args: unknown[]) => boolean = () => true,
): { storage: StorageAdapter; hold(): void; release(): void } {
  let gate: Promise<void> | undefined;
  let open: (() => void) | undefined;
  const storage = new Proxy(inner, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== "function") return value;
      const fn = (value as (...args: unknown[]) => unknown).bind(target);
      if (prop !== method) return fn;
      // Held before and after the call: an answer already on its way is held back too.
      return async (...args: unknown[]) => {
        if (!only(args)) return fn(...args);
        while (gate) await gate;
        const result = await fn(...args);
        while (gate) await gate;
        return result;
      };
    },
  });
  return {
    storage,
    hold: () => {
      gate ??= new Promise<void>((resolve) => {
        open = resolve;
      });
    },
    release: () => {
      gate = undefined;
      open?.();
    },
  };
}

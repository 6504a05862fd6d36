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

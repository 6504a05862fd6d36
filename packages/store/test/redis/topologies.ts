import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import type { RedisOptions } from "../../src/index.js";

/** The shared Redis topologies of the run, as the store's `redis` option would name them. */
export interface Topology {
  readonly name: "standalone" | "cluster" | "sentinel";
  readonly redis: () => RedisOptions;
}

export const topologies: readonly Topology[] = [
  { name: "standalone", redis: () => ({ url: inject("redis").url }) },
  {
    name: "cluster",
    redis: () => {
      const info = inject("redisCluster");
      return { cluster: info.nodes, ...(info.password ? { password: info.password } : {}) };
    },
  },
  {
    name: "sentinel",
    redis: () => {
      const info = inject("redisSentinel");
      return {
        sentinels: info.sentinels,
        name: info.name,
        ...(info.password ? { password: info.password } : {}),
      };
    },
  },
];

/** A namespace no other test (or run) uses: the shared servers are never flushed. */
export function uniqueNamespace(label: string): string {
  return `t-${label}-${randomBytes(4).toString("hex")}`;
}

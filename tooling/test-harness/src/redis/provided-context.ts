import type { ClusterRedisInfo, SentinelRedisInfo, StandaloneRedisInfo } from "./connection-info.js";

/** How the shared standalone server was obtained (`MCPSTORE_TEST_REDIS`). */
export type RedisHarnessModeName = "binary" | "container" | "external";

/** What the global setup provides; `inject("redis")` etc. in any test of the run. */
export interface RedisProvidedContext {
  /** Shared standalone server, no password. Never FLUSH it: other test files use it at the same time. */
  redis: StandaloneRedisInfo;
  /** Shared standalone server with `requirepass`. */
  redisWithPassword: StandaloneRedisInfo;
  /** Shared 3-master Cluster. */
  redisCluster: ClusterRedisInfo;
  /** Shared master + replica + 3 sentinels. */
  redisSentinel: SentinelRedisInfo;
  /** `external`: `redis` is someone else's server — use unique keys, never FLUSH. */
  redisMode: RedisHarnessModeName;
}

declare module "vitest" {
  export interface ProvidedContext extends RedisProvidedContext {}
}

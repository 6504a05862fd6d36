export type { RedisCredentials } from "./admin-connection.js";
export { type ClusterRedis, type ClusterRedisOptions, startRedisCluster } from "./cluster.js";
export type {
  ClusterRedisInfo,
  RedisHostPort,
  SentinelRedisInfo,
  StandaloneRedisInfo,
} from "./connection-info.js";
export { type ContainerRedis, startContainerRedis } from "./container-standalone.js";
export { RedisHarnessError, type RedisHarnessErrorCode } from "./errors.js";
export { useExternalRedis } from "./external-standalone.js";
export { MODE_ENV, type RedisHarnessMode, redisHarnessMode } from "./harness-mode.js";
export type { RedisHarnessModeName, RedisProvidedContext } from "./provided-context.js";
export { reapRunRoot, reapStaleRunRoots } from "./reaper.js";
export type { RedisServerNode } from "./redis-server-process.js";
export { RUN_ROOT_ENV } from "./run-root.js";
export { type SentinelRedis, type SentinelRedisOptions, startRedisSentinel } from "./sentinel.js";
export { type StandaloneRedis, type StandaloneRedisOptions, startStandaloneRedis } from "./standalone.js";
export { type WaitForOptions, WaitForTimeoutError, waitFor } from "./wait-for.js";

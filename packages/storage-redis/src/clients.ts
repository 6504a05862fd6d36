import { Cluster, type ClusterOptions, Redis, type RedisOptions } from "ioredis";
import type { ResolvedRedisConfig } from "./config.js";

export type Client = Redis | Cluster;

/**
 * Reconnect backoff: 100 ms doubling to a 2 s cap, plus up to 100 ms of jitter so many clients do not
 * reconnect in lockstep. Reconnection never stops while the adapter is open.
 */
export function reconnectDelay(attempt: number): number {
  return Math.min(100 * 2 ** Math.min(attempt - 1, 10), 2_000) + Math.floor(Math.random() * 100);
}

/**
 * The retry policy: fail fast, never queue. While a connection is down a command fails at once with
 * StorageUnavailableError (no offline queue); a command in flight when the connection drops fails at
 * once (no retry, no resend after reconnect — the caller decides, e.g. the store's outage queue); a
 * command with no answer fails after `socketTimeout`. Only the connection itself is retried.
 */
function nodeOptions(cfg: ResolvedRedisConfig, blocking: boolean): RedisOptions {
  return {
    ...(cfg.username === undefined ? {} : { username: cfg.username }),
    ...(cfg.password === undefined ? {} : { password: cfg.password }),
    ...(cfg.tls === undefined ? {} : { tls: cfg.tls }),
    ...(cfg.connectionName === undefined ? {} : { connectionName: cfg.connectionName }),
    db: cfg.db,
    connectTimeout: cfg.timeoutMs,
    // A blocking read has its own deadline (blockMs + socketTimeout), enforced by the adapter.
    commandTimeout: blocking ? undefined : cfg.timeoutMs,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    // After a Sentinel failover the old master may come back as a replica: reconnect to the new one.
    reconnectOnError: (error) => (error.message.startsWith("READONLY") ? 1 : false),
    lazyConnect: true,
  };
}

/** A new, not yet connected client for the config. `blocking`: a dedicated connection for blocking reads. */
export function createClient(cfg: ResolvedRedisConfig, blocking = false): Client {
  const node = nodeOptions(cfg, blocking);
  if (cfg.mode === "cluster") {
    const options: ClusterOptions = {
      redisOptions: node,
      lazyConnect: true,
      enableOfflineQueue: false,
      clusterRetryStrategy: reconnectDelay,
      slotsRefreshTimeout: cfg.timeoutMs,
      ...(cfg.natMap ? { natMap: { ...cfg.natMap } } : {}),
    };
    return new Cluster([...(cfg.nodes ?? [])], options);
  }
  const common: RedisOptions = {
    ...node,
    enableOfflineQueue: false,
    // A blocking connection that drops is replaced by a fresh one; only the main connection reconnects.
    retryStrategy: blocking ? () => null : reconnectDelay,
  };
  if (cfg.mode === "sentinel") {
    return new Redis({
      ...common,
      sentinels: (cfg.nodes ?? []).map((n) => ({ host: n.host, port: n.port })),
      name: cfg.name!,
      role: cfg.role ?? "master",
      sentinelCommandTimeout: cfg.timeoutMs,
      failoverDetector: !blocking,
      ...(cfg.sentinelPassword === undefined ? {} : { sentinelPassword: cfg.sentinelPassword }),
      ...(cfg.sentinelUsername === undefined ? {} : { sentinelUsername: cfg.sentinelUsername }),
      ...(cfg.natMap ? { natMap: { ...cfg.natMap } } : {}),
      ...(cfg.tls ? { enableTLSForSentinelMode: true } : {}),
    });
  }
  return new Redis({ ...common, ...(cfg.path ? { path: cfg.path } : { host: cfg.host!, port: cfg.port! }) });
}

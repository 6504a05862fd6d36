// The harness declares the types of what its global setup provides to `inject`.
import "@mcpstore/test-harness";
import { runStorageAdapterCompliance } from "@mcpstore/storage/testkit";
import { describe, expect, inject, it } from "vitest";
import { createRedisAdapter, type RedisAdapterConfig } from "../src/index.js";

// The same suite on every topology the harness shares; generous timeouts for a loaded machine.
const socketTimeout = 5;

const standalone = inject("redis");
const withPassword = inject("redisWithPassword");
const cluster = inject("redisCluster");
const sentinel = inject("redisSentinel");

const backends: [string, () => RedisAdapterConfig][] = [
  ["standalone", () => ({ url: standalone.url, socketTimeout })],
  [
    "standalone, password as an option",
    () => ({
      url: `redis://${withPassword.host}:${withPassword.port}/0`,
      password: withPassword.password,
      socketTimeout,
    }),
  ],
  [
    "standalone, password in the URL",
    () => ({ url: withPassword.url, password: null, socket_timeout: socketTimeout }),
  ],
  ["cluster", () => ({ cluster: cluster.nodes, password: cluster.password ?? null, socketTimeout })],
  [
    "sentinel",
    () => ({
      sentinels: sentinel.sentinels,
      name: sentinel.name,
      password: sentinel.password ?? null,
      socketTimeout,
    }),
  ],
];

for (const [name, config] of backends) {
  runStorageAdapterCompliance({ describe, it, expect }, () => createRedisAdapter(config()), {
    name: `Redis adapter compliance: ${name}`,
  });
}

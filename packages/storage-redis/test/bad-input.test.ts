import { inspect } from "node:util";
import { freePort } from "@mcpstore/test-harness";
import { describe, expect, inject, it } from "vitest";
import { createRedisAdapter, type RedisAdapterConfig } from "../src/index.js";

const protectedServer = inject("redisWithPassword");

async function failure(config: RedisAdapterConfig): Promise<Error & { code?: string }> {
  try {
    const adapter = await createRedisAdapter(config);
    await adapter.close();
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error("expected createRedisAdapter to reject");
}

describe("createRedisAdapter with bad input: one clear error each", () => {
  it("a malformed URL", async () => {
    const error = await failure({ url: "redis://:topsecret@localhost:6379/db0" });
    expect(error.code).toBe("STORAGE_CONFIG");
    expect(error.message).toBe(
      'Invalid Redis URL "redis://:***@localhost:6379/db0": the database must be a number, got "db0"',
    );
  });

  it("a database the server does not have: refused before anything lands in database 0", async () => {
    const { host, port } = inject("redis");
    for (const config of [
      { url: `redis://${host}:${port}/99` },
      { url: `redis://${host}:${port}/0`, db: 99 },
    ]) {
      const error = await failure(config);
      expect(error.code).toBe("STORAGE_CONFIG");
      expect(error.message).toBe(
        `Redis at ${host}:${port} (db 99) refused database 99: ERR DB index is out of range`,
      );
    }
  });

  it("an unknown scheme", async () => {
    const error = await failure({ url: "memcached://localhost:11211" });
    expect(error.code).toBe("STORAGE_CONFIG");
    expect(error.message).toContain('Unsupported Redis URL scheme "memcached:"');
  });

  it("a wrong password: an auth error naming the host, never the password", async () => {
    const secret = "wrong-Secret-4711";
    const { host, port } = protectedServer;
    for (const config of [
      { url: `redis://:${secret}@${host}:${port}/0` },
      { url: `redis://${host}:${port}/0`, password: secret },
    ]) {
      const error = await failure({ ...config, socketTimeout: 5 });
      expect(error.code).toBe("STORAGE_AUTH");
      expect(error.message).toContain(`Redis at ${host}:${port} refused the credentials`);
      expect(error.message).toMatch(/WRONGPASS/);
      expect(inspect(error, { depth: 10 })).not.toContain(secret);
      expect(JSON.stringify(error)).not.toContain(secret);
    }
  });

  it("no password for a server that needs one: an auth error too", async () => {
    const { host, port } = protectedServer;
    const error = await failure({ url: `redis://${host}:${port}`, socketTimeout: 5 });
    expect(error.code).toBe("STORAGE_AUTH");
    expect(error.message).toMatch(/NOAUTH/);
  });

  it("an unreachable host: unavailable, naming the address", async () => {
    const port = await freePort();
    const error = await failure({ url: `redis://127.0.0.1:${port}`, socketTimeout: 1 });
    expect(error.code).toBe("STORAGE_UNAVAILABLE");
    expect(error.message).toBe(
      `Redis at 127.0.0.1:${port} is unreachable: connect ECONNREFUSED 127.0.0.1:${port}`,
    );
  });

  it("unreachable sentinels and cluster seeds: unavailable within the connect budget", async () => {
    const port = await freePort();
    const sentinel = await failure({
      sentinels: [{ host: "127.0.0.1", port }],
      name: "mymaster",
      socketTimeout: 0.5,
    });
    expect(sentinel.code).toBe("STORAGE_UNAVAILABLE");
    expect(sentinel.message).toContain(
      `Redis master "mymaster" via Sentinel 127.0.0.1:${port} is unreachable`,
    );
    const cluster = await failure({ cluster: [{ host: "127.0.0.1", port }], socketTimeout: 0.5 });
    expect(cluster.code).toBe("STORAGE_UNAVAILABLE");
    expect(cluster.message).toContain(`Redis Cluster (seeds 127.0.0.1:${port}) is unreachable`);
  });
});

import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, inject, it } from "vitest";
import { createRedisAdapter, type RedisAdapterConfig } from "../src/index.js";

const cluster = inject("redisCluster");
const sentinel = inject("redisSentinel");
const standalone = inject("redis");
const protectedServer = inject("redisWithPassword");

/** The rejection of createRedisAdapter and how long it took to arrive. */
async function failure(
  config: RedisAdapterConfig,
): Promise<{ error: Error & { code?: string }; ms: number }> {
  const started = performance.now();
  try {
    const adapter = await createRedisAdapter(config);
    await adapter.close();
  } catch (error) {
    return { error: error as Error & { code?: string }, ms: performance.now() - started };
  }
  throw new Error("expected createRedisAdapter to reject");
}

const address = (n: { host: string; port: number }) => `${n.host}:${n.port}`;
const auth = (password: string | undefined) => (password ? `:${encodeURIComponent(password)}@` : "");

describe("the wrong kind of server: detected at connect time, naming the option to use", () => {
  it("a url pointing at something that is not Redis (an HTTP server) is a config error, not an outage", async () => {
    const server = createServer((_req, res) => res.end("hello"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    const { port } = server.address() as AddressInfo;
    try {
      const { error, ms } = await failure({ url: `redis://127.0.0.1:${port}/0` });
      expect(error.code).toBe("STORAGE_CONFIG");
      expect(error.message).toBe(
        `the server at 127.0.0.1:${port} does not speak the Redis protocol (it answered like an HTTP server): check the host and port of redis.url`,
      );
      expect(ms).toBeLessThan(2_000);
    } finally {
      server.close();
    }
  });

  it("a url pointing at a Cluster node says to use cluster: [...]", async () => {
    const node = cluster.nodes[0]!;
    const { error, ms } = await failure({ url: `redis://${auth(cluster.password)}${address(node)}` });
    expect(error.code).toBe("STORAGE_CONFIG");
    expect(error.message).toBe(
      `${address(node)} is a Redis Cluster node: use cluster: ["${address(node)}", …] (any nodes of the Cluster) instead of url`,
    );
    expect(ms).toBeLessThan(2_000);
  });

  it("a url pointing at a sentinel says to use sentinels + name, with the masters it knows", async () => {
    const node = sentinel.sentinels[0]!;
    const { error, ms } = await failure({ url: `redis://${address(node)}` });
    expect(error.code).toBe("STORAGE_CONFIG");
    expect(error.message).toBe(
      `${address(node)} is a Redis Sentinel, not a data server: use sentinels: ["${address(node)}", …] and name: ` +
        `"${sentinel.name}" instead of url (it knows: ${sentinel.name})`,
    );
    expect(ms).toBeLessThan(2_000);
  });

  it("cluster seeds that are not Cluster nodes say to use url", async () => {
    const { error } = await failure({ cluster: [address(standalone)] });
    expect(error.code).toBe("STORAGE_CONFIG");
    expect(error.message).toBe(
      `${address(standalone)} is not a Redis Cluster node (redis_mode: standalone): use url: "redis://${address(standalone)}" for one server`,
    );
  });

  it("sentinels that are data servers say so", async () => {
    const { error } = await failure({ sentinels: [address(standalone)], name: "mymaster" });
    expect(error.code).toBe("STORAGE_CONFIG");
    expect(error.message).toContain(
      `${address(standalone)} is not a Redis Sentinel (redis_mode: standalone)`,
    );
  });
});

describe("Sentinel master names", () => {
  it("a wrong master name fails at once with the names the sentinels know", async () => {
    const { error, ms } = await failure({
      sentinels: sentinel.sentinels.map(address),
      name: "no-such-master",
      password: sentinel.password,
    });
    expect(error.code).toBe("STORAGE_CONFIG");
    expect(error.message).toBe(
      `Sentinel knows no master named "no-such-master" (it knows: ${sentinel.name})`,
    );
    expect(ms).toBeLessThan(2_000);
  });

  it('accepts sentinels given as "host:port" strings', async () => {
    const adapter = await createRedisAdapter({
      sentinels: sentinel.sentinels.map(address),
      name: sentinel.name,
      password: sentinel.password,
    });
    try {
      await adapter.ping();
    } finally {
      await adapter.close();
    }
  });

  it("one sentinel down or of another kind among good ones: still connects through the good ones", async () => {
    const adapter = await createRedisAdapter({
      sentinels: ["127.0.0.1:1", address(standalone), ...sentinel.sentinels.map(address)],
      name: sentinel.name,
      password: sentinel.password,
    });
    try {
      await adapter.ping();
    } finally {
      await adapter.close();
    }
  });
});

describe("passwords", () => {
  it("a missing password: says a password is required and where to set it", async () => {
    const { error, ms } = await failure({ url: `redis://${address(protectedServer)}` });
    expect(error.code).toBe("STORAGE_AUTH");
    expect(error.message).toMatch(
      new RegExp(
        `^Redis at ${address(protectedServer)} requires a password: set redis.password \\(or the password in the URL\\)`,
      ),
    );
    expect(ms).toBeLessThan(2_000);
  });

  it("a wrong password: says the password is wrong, never shows it", async () => {
    const { error } = await failure({ url: `redis://:not-it-81@${address(protectedServer)}` });
    expect(error.code).toBe("STORAGE_AUTH");
    expect(error.message).toContain(
      `Redis at ${address(protectedServer)} refused the credentials: wrong password`,
    );
    expect(JSON.stringify(error) + error.message).not.toContain("not-it-81");
  });
});

import { connect as tcpConnect } from "node:net";
import { Redis, type RedisOptions } from "ioredis";
import { afterEach, describe, expect, inject, it } from "vitest";
import { type StandaloneRedis, startStandaloneRedis } from "../src/index.js";

const clients: Redis[] = [];
function connect(options: RedisOptions): Redis {
  const client = new Redis({
    protocol: 2,
    enableReadyCheck: false,
    disableClientInfo: true,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    ...options,
  });
  client.on("error", () => {});
  clients.push(client);
  return client;
}
/** Resolves with the socket error code, or "connected". */
function tcpProbe(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = tcpConnect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve("connected");
    });
    socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

afterEach(() => {
  for (const client of clients.splice(0)) client.disconnect();
});

describe("shared standalone servers (global setup)", () => {
  it("serves reads and writes without a password", async () => {
    const info = inject("redis");
    const client = connect({ host: info.host, port: info.port });
    const key = `harness:${Math.random()}`;
    await client.set(key, "v1");
    expect(await client.get(key)).toBe("v1");
    await client.del(key);
  });

  it("serves the password-protected one through its URL, and rejects a wrong password", async () => {
    const info = inject("redisWithPassword");
    expect(info.password).toBeTruthy();
    const good = new Redis(info.url, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    good.on("error", () => {});
    clients.push(good);
    await good.connect();
    expect(await good.ping()).toBe("PONG");

    const anonymous = connect({ host: info.host, port: info.port });
    await anonymous.connect();
    await expect(anonymous.get("any")).rejects.toThrow(/NOAUTH/);
    await expect(anonymous.auth(`${info.password}-wrong`)).rejects.toThrow(/WRONGPASS/);
    await expect(anonymous.get("any")).rejects.toThrow(/NOAUTH/);
    expect(await anonymous.auth(info.password as string)).toBe("OK");
  });
});

describe("private standalone servers", () => {
  let redis: StandaloneRedis | undefined;
  afterEach(async () => {
    await redis?.stop();
    redis = undefined;
  });

  it("authenticates an ACL user and refuses the default user", async () => {
    redis = await startStandaloneRedis({ username: "app", password: "s3cret pass" });
    expect(redis.info.url).toBe(`redis://app:s3cret%20pass@127.0.0.1:${redis.info.port}`);
    const app = new Redis(redis.info.url, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    app.on("error", () => {});
    clients.push(app);
    await app.connect();
    expect(await app.call("ACL", "WHOAMI")).toBe("app");
    const anonymous = connect({ host: redis.info.host, port: redis.info.port });
    await anonymous.connect();
    await expect(anonymous.get("k")).rejects.toThrow(/NOAUTH/);
    await expect(anonymous.auth("s3cret pass")).rejects.toThrow(/WRONGPASS/);
  });

  it("comes back on the same port after a SIGKILL and a restart", async () => {
    redis = await startStandaloneRedis();
    const { port } = redis.info;
    const firstPid = redis.node.pid;
    await redis.kill();
    expect(redis.node.running).toBe(false);
    expect(await tcpProbe(port)).toBe("ECONNREFUSED");

    await redis.restart();
    expect(redis.node.running).toBe(true);
    expect(redis.node.port).toBe(port);
    expect(redis.node.pid).not.toBe(firstPid);
    const up = connect({ host: "127.0.0.1", port });
    await up.connect();
    expect(await up.ping()).toBe("PONG");
  });

  it("refuses an ACL user without a password before starting anything", async () => {
    await expect(startStandaloneRedis({ username: "app" })).rejects.toMatchObject({
      code: "REDIS_HARNESS_BAD_INPUT",
    });
  });
});

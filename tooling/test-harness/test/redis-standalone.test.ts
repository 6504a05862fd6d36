import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { connect as tcpConnect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis, type RedisOptions } from "ioredis";
import { afterEach, describe, expect, inject, it } from "vitest";
import { RUN_ROOT_ENV, type StandaloneRedis, startStandaloneRedis } from "../src/index.js";

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

/** Runs `start` with the given environment variables set (in this worker only, restored after). */
async function withEnv<T>(variables: Record<string, string>, start: () => Promise<T>): Promise<T> {
  const previous = Object.fromEntries(Object.keys(variables).map((name) => [name, process.env[name]]));
  Object.assign(process.env, variables);
  try {
    return await start();
  } finally {
    for (const [name, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
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

  it("names a missing redis-server binary", async () => {
    const start = withEnv({ MCPSTORE_REDIS_SERVER_BIN: "/nonexistent/redis-server" }, () =>
      startStandaloneRedis(),
    );
    await expect(start).rejects.toMatchObject({
      code: "REDIS_BINARY_MISSING",
      message: expect.stringContaining("MCPSTORE_REDIS_SERVER_BIN"),
    });
  });

  it("reports a server that dies before answering, and leaves nothing behind", async () => {
    // A run root of its own, so other test files' servers do not show up in it.
    const root = mkdtempSync(join(tmpdir(), "mcpstore-start-failure-"));
    try {
      const error = await withEnv({ MCPSTORE_REDIS_SERVER_BIN: "false", [RUN_ROOT_ENV]: root }, () =>
        startStandaloneRedis(),
      ).catch((caught: unknown) => caught);
      expect(error).toMatchObject({
        code: "REDIS_START_FAILED",
        message: expect.stringMatching(/node on port \d+ exited before it was ready/),
      });
      expect(readdirSync(root)).toEqual(["pids"]);
      expect(readdirSync(join(root, "pids"))).toEqual([]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("refuses an ACL user without a password before starting anything", async () => {
    await expect(startStandaloneRedis({ username: "app" })).rejects.toMatchObject({
      code: "REDIS_HARNESS_BAD_INPUT",
    });
  });
});

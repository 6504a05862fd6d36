import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { type SentinelRedis, startRedisSentinel, waitFor } from "../src/index.js";

const opened: Redis[] = [];
afterEach(() => {
  for (const client of opened.splice(0)) client.disconnect();
});

function track(client: Redis): Redis {
  client.on("error", () => {});
  opened.push(client);
  return client;
}

function direct(port: number, password?: string): Redis {
  return track(
    new Redis({
      port,
      host: "127.0.0.1",
      protocol: 2,
      enableReadyCheck: false,
      disableClientInfo: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      ...(password === undefined ? {} : { password }),
    }),
  );
}

async function role(port: number, password?: string): Promise<string> {
  const reply = (await direct(port, password).call("ROLE")) as unknown[];
  return String(reply[0]);
}

describe("shared sentinel topology (global setup)", () => {
  it("has three sentinels agreeing on a master that answers as master", async () => {
    const info = inject("redisSentinel");
    expect(info.sentinels).toHaveLength(3);
    const addresses = await Promise.all(
      info.sentinels.map(async (sentinel) =>
        (
          (await direct(sentinel.port).call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", info.name)) as string[]
        ).join(":"),
      ),
    );
    expect(new Set(addresses).size).toBe(1);
    const masterPort = Number(addresses[0]?.split(":")[1]);
    expect(await role(masterPort, info.password)).toBe("master");
  });

  it("serves an ioredis Sentinel client", async () => {
    const info = inject("redisSentinel");
    const client = track(new Redis({ sentinels: info.sentinels, name: info.name, password: info.password }));
    const key = `harness:sentinel:${Math.random()}`;
    await client.set(key, "through-sentinel");
    expect(await client.get(key)).toBe("through-sentinel");
    await client.del(key);
  });
});

describe("private sentinel topology with a password", () => {
  let topology: SentinelRedis;
  beforeAll(async () => {
    topology = await startRedisSentinel({ name: "private", password: "sentinel pw" });
  }, 90_000);
  afterAll(() => topology?.stop());

  it("moves the master on a forced failover, and writes through a Sentinel client continue", async () => {
    const client = track(
      new Redis({ sentinels: topology.info.sentinels, name: "private", password: "sentinel pw" }),
    );
    await client.set("before", "1");
    // Replicated before the failover, so the promoted replica has it.
    expect(await client.call("WAIT", 1, 5_000)).toBe(1);
    const oldMaster = await topology.currentMaster();

    const newMaster = await topology.failover();
    expect(newMaster.port).not.toBe(oldMaster.port);
    expect((await topology.currentMaster()).port).toBe(newMaster.port);
    expect(await role(newMaster.port, "sentinel pw")).toBe("master");

    await client.set("after", "2");
    expect(await client.get("before")).toBe("1");
    expect(await direct(newMaster.port, "sentinel pw").get("after")).toBe("2");

    // The demoted master followed the new one, so it is a good candidate for the next failover.
    const back = await topology.failover();
    expect(back.port).toBe(oldMaster.port);
    await client.set("back", "3");
    expect(await direct(oldMaster.port, "sentinel pw").get("back")).toBe("3");
  }, 90_000);

  it("fails over by itself when the master is killed; the restarted old master does not take over", async () => {
    const oldMaster = await topology.currentMaster();
    await topology.kill(oldMaster);
    const promoted = await waitFor(
      async () => {
        const current = await topology.currentMaster();
        return current !== oldMaster && current;
      },
      { timeoutMs: 60_000, intervalMs: 200, description: "sentinels elect a new master" },
    );
    expect(await role(promoted.port, "sentinel pw")).toBe("master");

    await topology.restart(oldMaster);
    expect(oldMaster.running).toBe(true);
    expect(await direct(oldMaster.port, "sentinel pw").ping()).toBe("PONG");
    // Back with its old config it claims to be a master; the sentinels stay with the one they elected.
    expect((await topology.currentMaster()).port).toBe(promoted.port);
  }, 90_000);
});

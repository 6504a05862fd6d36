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

/** Writes new keys one after another; a write counts as acknowledged once a replica has it (WAIT 1). */
function startWriter(client: Redis) {
  const acknowledged: string[] = [];
  let running = true;
  const done = (async () => {
    for (let i = 0; running; i++) {
      const key = `w:${i}`;
      try {
        await client.set(key, String(i));
        if (Number(await client.call("WAIT", 1, 1_000)) >= 1) acknowledged.push(key);
      } catch {
        // Connection errors while the master changes: not acknowledged, try the next key.
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }
  })();
  return {
    acknowledged,
    stop: async () => {
      running = false;
      await done;
    },
  };
}

describe("private sentinel topology with a password and two replicas", () => {
  let topology: SentinelRedis;
  beforeAll(async () => {
    topology = await startRedisSentinel({ name: "private", password: "sentinel pw", replicas: 2 });
  }, 90_000);
  afterAll(() => topology?.stop());

  const sentinelClient = () =>
    track(new Redis({ sentinels: topology.info.sentinels, name: "private", password: "sentinel pw" }));

  it("moves the master on a graceful switchover; writes continue and no acknowledged write is lost", async () => {
    const client = sentinelClient();
    const writer = startWriter(client);
    const oldMaster = await topology.currentMaster();
    let newMaster: Awaited<ReturnType<SentinelRedis["gracefulSwitchover"]>>;
    try {
      await waitFor(() => writer.acknowledged.length >= 50, { description: "first writes" });
      newMaster = await topology.gracefulSwitchover();
      const afterFailover = writer.acknowledged.length;
      await waitFor(() => writer.acknowledged.length >= afterFailover + 50, {
        description: "writes after it",
      });
    } finally {
      await writer.stop();
    }
    expect(newMaster.port).not.toBe(oldMaster.port);
    expect((await topology.currentMaster()).port).toBe(newMaster.port);
    expect(await role(newMaster.port, "sentinel pw")).toBe("master");
    expect(await role(oldMaster.port, "sentinel pw")).toBe("slave");

    const values = await client.mget(...writer.acknowledged);
    const lost = writer.acknowledged.filter((_, i) => values[i] === null);
    expect(lost).toEqual([]);
    // The sentinels see the demoted master as a healthy replica again.
    await topology.waitUntilHealthy();

    const again = await topology.gracefulSwitchover();
    expect(again.port).not.toBe(newMaster.port);
    await client.set("after-second-failover", "yes");
    expect(await direct(again.port, "sentinel pw").get("after-second-failover")).toBe("yes");
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

    // A forced failover still picks a real replica of the current master, not the stray one.
    const next = await topology.gracefulSwitchover();
    expect([promoted.port, oldMaster.port]).not.toContain(next.port);
    const client = sentinelClient();
    await client.set("after-stray", "ok");
    expect(await direct(next.port, "sentinel pw").get("after-stray")).toBe("ok");
  }, 90_000);
});

import { Cluster, Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { type ClusterRedis, startRedisCluster, waitFor } from "../src/index.js";

const opened: (Redis | Cluster)[] = [];
afterEach(() => {
  for (const client of opened.splice(0)) client.disconnect();
});

function direct(port: number, password?: string): Redis {
  const client = new Redis({
    port,
    host: "127.0.0.1",
    protocol: 2,
    enableReadyCheck: false,
    disableClientInfo: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    ...(password === undefined ? {} : { password }),
  });
  client.on("error", () => {});
  opened.push(client);
  return client;
}

function clusterClient(nodes: { host: string; port: number }[], password?: string): Cluster {
  const client = new Cluster(nodes, password === undefined ? {} : { redisOptions: { password } });
  client.on("error", () => {});
  opened.push(client);
  return client;
}

describe("shared cluster (global setup)", () => {
  it("stores a key written through an ioredis Cluster client on its slot's owner, and only there", async () => {
    const info = inject("redisCluster");
    expect(info.nodes).toHaveLength(3);
    const key = `harness:cluster:${Math.random()}`;
    const cluster = clusterClient(info.nodes);
    await cluster.set(key, "here");

    const slot = Number(await direct(info.nodes[0]!.port).call("CLUSTER", "KEYSLOT", key));
    const holders: number[] = [];
    for (const node of info.nodes) {
      const connection = direct(node.port);
      const owned = Number(await connection.call("CLUSTER", "COUNTKEYSINSLOT", slot));
      const ranges = (await connection.call("CLUSTER", "SLOTS")) as [number, number, [string, number]][];
      const ownerPort = ranges.find(([start, end]) => slot >= start && slot <= end)?.[2][1];
      if (ownerPort === node.port) {
        expect(await connection.get(key)).toBe("here");
        holders.push(node.port);
      } else {
        expect(owned).toBe(0);
        await expect(connection.get(key)).rejects.toThrow(new RegExp(`MOVED ${slot} 127\\.0\\.0\\.1:\\d+`));
      }
    }
    expect(holders).toHaveLength(1);
    await cluster.del(key);
  });

  it("spreads all 16384 slots over the three masters", async () => {
    const info = inject("redisCluster");
    const owners = new Set<number>();
    for (const node of info.nodes) {
      const ranges = (await direct(node.port).call("CLUSTER", "SLOTS")) as [
        number,
        number,
        [string, number],
      ][];
      const covered = ranges.reduce((sum, [start, end]) => sum + end - start + 1, 0);
      expect(covered).toBe(16_384);
      for (const range of ranges) owners.add(Number(range[2][1]));
    }
    expect([...owners].sort()).toEqual(info.nodes.map((node) => node.port).sort());
  });
});

describe("private cluster with replicas and a password", () => {
  let cluster: ClusterRedis;
  beforeAll(async () => {
    cluster = await startRedisCluster({ masters: 3, replicasPerMaster: 1, password: "cluster pw" });
  }, 90_000);
  afterAll(() => cluster?.stop());

  it("reports the owner of a key's slot, which holds the key", async () => {
    expect(cluster.nodes).toHaveLength(6);
    const client = clusterClient(cluster.info.nodes, "cluster pw");
    for (const key of ["alpha", "beta", "{user:1}:profile", "gamma"]) {
      await client.set(key, `value-of-${key}`);
      const owner = await cluster.slotOwner(key);
      expect(cluster.masters).toContain(owner);
      expect(await direct(owner.port, "cluster pw").get(key)).toBe(`value-of-${key}`);
    }
    const info = await direct(cluster.replicas[0]!.port, "cluster pw").info("replication");
    expect(info).toMatch(/role:slave/);
  });

  it("promotes the replica of a killed master, and the restarted master follows it", async () => {
    const owner = await cluster.slotOwner("alpha");
    await cluster.kill(owner);
    expect(owner.running).toBe(false);
    const promoted = await waitFor(
      async () => {
        const current = await cluster.slotOwner("alpha");
        return current === owner ? false : current;
      },
      { timeoutMs: 30_000, description: "a replica takes over the killed master's slots" },
    );
    expect(cluster.replicas).toContain(promoted);

    await cluster.restart(owner);
    expect(owner.running).toBe(true);
    const replication = await waitFor(
      async () => {
        const info = await direct(owner.port, "cluster pw").info("replication");
        return /role:slave/.test(info) && info;
      },
      { timeoutMs: 30_000, description: "the restarted master rejoins as a replica" },
    );
    expect(replication).toContain(`master_port:${promoted.port}`);
    const client = clusterClient(cluster.info.nodes, "cluster pw");
    expect(await client.get("alpha")).toBe("value-of-alpha");
  }, 90_000);
});

import { adminCommand, type RedisCredentials } from "./admin-connection.js";
import { CLUSTER_SLOTS, clusterInfo, clusterNodes, slotOwnerPort, slotRanges } from "./cluster-admin.js";
import type { ClusterRedisInfo } from "./connection-info.js";
import { RedisHarnessError } from "./errors.js";
import { quoteConfigValue, type RedisServerNode, RedisServerProcess } from "./redis-server-process.js";
import { waitForReplicaLink } from "./replication.js";
import { createTopologyDir, removeTopologyDir } from "./topology-dir.js";
import { assertIntegerIn, assertPasswordNotEmpty } from "./validate.js";
import { waitFor } from "./wait-for.js";

export interface ClusterRedisOptions {
  /** Number of masters; the slots are split evenly between them. Default 3. */
  masters?: number;
  /** Replicas per master. Default 0. */
  replicasPerMaster?: number;
  /** `requirepass` and `masterauth` on every node. */
  password?: string;
  /** `cluster-node-timeout`: how soon a dead node is marked failing. Default 2000 ms. */
  nodeTimeoutMs?: number;
  /** Budget for the whole cluster to form. Default 60 s. */
  startTimeoutMs?: number;
}

export interface ClusterRedis {
  readonly info: ClusterRedisInfo;
  /** Masters first (in slot order), then replicas. */
  readonly nodes: readonly RedisServerNode[];
  readonly masters: readonly RedisServerNode[];
  readonly replicas: readonly RedisServerNode[];
  /** The master currently serving `key`'s slot, asked from a live node (CLUSTER KEYSLOT + CLUSTER SLOTS). */
  slotOwner(key: string): Promise<RedisServerNode>;
  /** SIGKILL one node (a crash). The cluster notices after the node timeout. */
  kill(node: RedisServerNode): Promise<void>;
  /** Restarts a node on its port with its nodes.conf, then waits until the cluster is healthy again. */
  restart(node: RedisServerNode): Promise<void>;
  /** Resolves when every running node reports `cluster_state:ok`, all slots assigned and knows every node. */
  waitUntilHealthy(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts a Redis Cluster from redis-server processes, formed without redis-cli: distinct config epochs,
 * CLUSTER ADDSLOTSRANGE on each master, CLUSTER MEET from the first node, CLUSTER REPLICATE for replicas.
 * Ready when every node agrees the cluster is ok.
 */
export async function startRedisCluster(options: ClusterRedisOptions = {}): Promise<ClusterRedis> {
  const masterCount = options.masters ?? 3;
  const replicasPerMaster = options.replicasPerMaster ?? 0;
  validate(masterCount, replicasPerMaster, options.password);
  const credentials: RedisCredentials = options.password === undefined ? {} : { password: options.password };
  const nodeTimeoutMs = options.nodeTimeoutMs ?? 2_000;
  const startTimeoutMs = options.startTimeoutMs ?? 60_000;
  const dir = createTopologyDir("cluster");
  const started: RedisServerProcess[] = [];

  const startNode = async (name: string) => {
    const node = await RedisServerProcess.start({
      name,
      parentDir: dir,
      mode: "server",
      clusterBus: true,
      credentials,
      config: () => [
        "cluster-enabled yes",
        "cluster-config-file nodes.conf",
        `cluster-node-timeout ${nodeTimeoutMs}`,
        ...(options.password === undefined
          ? []
          : [
              `requirepass ${quoteConfigValue(options.password)}`,
              `masterauth ${quoteConfigValue(options.password)}`,
            ]),
      ],
    });
    started.push(node);
    return node;
  };

  try {
    const masterNames = Array.from({ length: masterCount }, (_, i) => `master-${i}`);
    const replicaNames = masterNames.flatMap((master) =>
      Array.from({ length: replicasPerMaster }, (_, r) => `${master}-replica-${r}`),
    );
    const results = await Promise.allSettled([...masterNames, ...replicaNames].map(startNode));
    const failed = results.find((result) => result.status === "rejected");
    if (failed) throw failed.reason;
    const byName = new Map(started.map((node) => [node.name, node]));
    const masters = masterNames.map((name) => byName.get(name) as RedisServerProcess);
    const replicas = replicaNames.map((name) => byName.get(name) as RedisServerProcess);
    const all = [...masters, ...replicas];

    await Promise.all(
      all.map((node, i) => adminCommand(node, credentials, "CLUSTER", "SET-CONFIG-EPOCH", i + 1)),
    );
    const ranges = slotRanges(masterCount);
    await Promise.all(
      masters.map((node, i) => {
        const [start, end] = ranges[i] as [number, number];
        return adminCommand(node, credentials, "CLUSTER", "ADDSLOTSRANGE", start, end);
      }),
    );
    // Every pair meets directly: the cluster is whole at once instead of after rounds of gossip.
    await Promise.all(
      all.flatMap((node, i) =>
        all
          .slice(i + 1)
          .map((other) => adminCommand(node, credentials, "CLUSTER", "MEET", other.host, other.port)),
      ),
    );
    await attachReplicas(masters, replicas, replicasPerMaster, credentials, startTimeoutMs);

    const waitUntilHealthy = (timeoutMs = startTimeoutMs) => waitForHealthy(all, credentials, timeoutMs);
    await waitUntilHealthy();

    const own = (node: RedisServerNode): RedisServerProcess => {
      const found = all.find((candidate) => candidate === node);
      if (!found) {
        throw new RedisHarnessError(
          "REDIS_HARNESS_BAD_INPUT",
          `${node.host}:${node.port} is not a node of this cluster`,
        );
      }
      return found;
    };
    return {
      info: {
        nodes: all.map((node) => ({ host: node.host, port: node.port })),
        ...(options.password === undefined ? {} : { password: options.password }),
      },
      nodes: all,
      masters,
      replicas,
      slotOwner: (key) => slotOwner(all, credentials, key),
      kill: async (node) => own(node).kill(),
      restart: async (node) => {
        await own(node).restart();
        await waitUntilHealthy();
      },
      waitUntilHealthy,
      stop: async () => {
        await Promise.all(all.map((node) => node.remove()));
        removeTopologyDir(dir);
      },
    };
  } catch (error) {
    await Promise.allSettled(started.map((node) => node.remove()));
    removeTopologyDir(dir);
    throw error;
  }
}

function validate(masters: number, replicasPerMaster: number, password: string | undefined): void {
  assertIntegerIn("masters", masters, 1, 64);
  assertIntegerIn("replicasPerMaster", replicasPerMaster, 0, 4);
  assertPasswordNotEmpty(password);
}

/** Each replica waits until gossip has told it about its master, then follows it. */
async function attachReplicas(
  masters: RedisServerProcess[],
  replicas: RedisServerProcess[],
  replicasPerMaster: number,
  credentials: RedisCredentials,
  timeoutMs: number,
): Promise<void> {
  const masterIds = await Promise.all(
    masters.map(async (node) => String(await adminCommand(node, credentials, "CLUSTER", "MYID"))),
  );
  await Promise.all(
    replicas.map(async (replica, i) => {
      const masterId = masterIds[Math.floor(i / replicasPerMaster)] as string;
      await waitFor(
        async () => (await clusterNodes(replica, credentials)).some((entry) => entry.id === masterId),
        { timeoutMs, intervalMs: 100, description: `${replica.name} learns its master ${masterId}` },
      );
      await adminCommand(replica, credentials, "CLUSTER", "REPLICATE", masterId);
      // A replica that never synced cannot be promoted (its data counts as too old): wait for the link.
      await waitForReplicaLink(replica, credentials, timeoutMs);
    }),
  );
}

async function waitForHealthy(
  nodes: RedisServerProcess[],
  credentials: RedisCredentials,
  timeoutMs: number,
): Promise<void> {
  try {
    await waitFor(
      async () => {
        const running = nodes.filter((node) => node.running);
        const views = await Promise.all(
          running.map(async (node) => ({
            info: await clusterInfo(node, credentials),
            nodes: await clusterNodes(node, credentials),
          })),
        );
        return views.every(
          (view) =>
            view.info.get("cluster_state") === "ok" &&
            view.info.get("cluster_slots_assigned") === String(CLUSTER_SLOTS) &&
            view.nodes.length === nodes.length &&
            view.nodes.every(
              (entry) =>
                entry.linkState === "connected" &&
                !entry.flags.some((flag) => ["handshake", "noaddr", "fail", "fail?"].includes(flag)),
            ),
        );
      },
      {
        timeoutMs,
        intervalMs: 100,
        description: "every cluster node reports cluster_state:ok and knows all nodes",
      },
    );
  } catch (error) {
    throw new RedisHarnessError("REDIS_TOPOLOGY_NOT_READY", (error as Error).message, { cause: error });
  }
}

async function slotOwner(
  nodes: RedisServerProcess[],
  credentials: RedisCredentials,
  key: string,
): Promise<RedisServerNode> {
  const asked = nodes.find((node) => node.running);
  if (!asked) throw new RedisHarnessError("REDIS_TOPOLOGY_NOT_READY", "no cluster node is running");
  const slot = Number(await adminCommand(asked, credentials, "CLUSTER", "KEYSLOT", key));
  const port = await slotOwnerPort(asked, credentials, slot);
  const owner = nodes.find((node) => node.port === port);
  if (!owner)
    throw new RedisHarnessError("REDIS_TOPOLOGY_NOT_READY", `slot ${slot} of "${key}" has no owner`);
  return owner;
}

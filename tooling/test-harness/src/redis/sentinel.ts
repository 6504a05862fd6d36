import type { RedisCredentials } from "./admin-connection.js";
import type { SentinelRedisInfo } from "./connection-info.js";
import { RedisHarnessError } from "./errors.js";
import { quoteConfigValue, type RedisServerNode, RedisServerProcess } from "./redis-server-process.js";
import { waitForReplicaLink } from "./replication.js";
import { SentinelTopology } from "./sentinel-topology.js";
import { createTopologyDir, removeTopologyDir } from "./topology-dir.js";
import { assertIntegerIn, assertPasswordNotEmpty } from "./validate.js";

export interface SentinelRedisOptions {
  /** Name the sentinels monitor the master under. Default "mymaster". */
  name?: string;
  /** Replicas of the master. Default 1. */
  replicas?: number;
  /** Sentinels. Default 3 (quorum 2). */
  sentinels?: number;
  /** `requirepass` + `masterauth` on the data nodes, `auth-pass` in the sentinels. */
  password?: string;
  /** `down-after-milliseconds`: how soon an unreachable master is considered down. Default 1000. */
  downAfterMs?: number;
  /** `failover-timeout`. Default 5000. */
  failoverTimeoutMs?: number;
  /** Budget for the topology to form, and for each failover helper. Default 60 s. */
  startTimeoutMs?: number;
}

export interface SentinelRedis {
  readonly info: SentinelRedisInfo;
  /** Data nodes: the initial master first, then the replicas. Roles change with failovers. */
  readonly dataNodes: readonly RedisServerNode[];
  readonly sentinels: readonly RedisServerNode[];
  /** The master as the running sentinels see it (the address most of them report). */
  currentMaster(): Promise<RedisServerNode>;
  /**
   * A real forced failover: plain `SENTINEL FAILOVER <name>` sent to a sentinel (the master keeps taking
   * writes meanwhile), then waits until every running sentinel reports the new master and it answers
   * ROLE as master. Returns the new master. The old master is converted by Sentinel in its own time.
   */
  sentinelFailover(): Promise<RedisServerNode>;
  /**
   * `kill -9` of the current master; resolves with it and the master the sentinels elected by themselves
   * once every running sentinel reports that one and it answers as master.
   */
  killMaster(): Promise<{ killed: RedisServerNode; master: RedisServerNode }>;
  /**
   * NOT a failover test: a graceful, lossless switchover (writes paused on the old master, replicas
   * caught up, then SENTINEL FAILOVER and the old master moved over at once). It hides the loss a real
   * failover causes; durability tests use `sentinelFailover()` and `killMaster()`.
   */
  gracefulSwitchover(): Promise<RedisServerNode>;
  /** SIGKILL a data node or a sentinel. */
  kill(node: RedisServerNode): Promise<void>;
  /** Same port, same (possibly sentinel-rewritten) config; resolves once it answers PING. */
  restart(node: RedisServerNode): Promise<void>;
  /**
   * Resolves when the running sentinels agree on a master that answers as master, see every running data
   * node as its replica (synced, not down) and see each other.
   */
  waitUntilHealthy(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts a master, its replicas (synced before the sentinels start) and sentinels, each with its own
 * writable config file (sentinels rewrite theirs). Ready when `waitUntilHealthy` passes.
 */
export async function startRedisSentinel(options: SentinelRedisOptions = {}): Promise<SentinelRedis> {
  const name = options.name ?? "mymaster";
  const replicaCount = options.replicas ?? 1;
  const sentinelCount = options.sentinels ?? 3;
  validate(name, replicaCount, sentinelCount, options.password);
  const quorum = Math.floor(sentinelCount / 2) + 1;
  const credentials: RedisCredentials = options.password === undefined ? {} : { password: options.password };
  const timeoutMs = options.startTimeoutMs ?? 60_000;
  const authLines =
    options.password === undefined
      ? []
      : [
          `requirepass ${quoteConfigValue(options.password)}`,
          `masterauth ${quoteConfigValue(options.password)}`,
        ];
  const dir = createTopologyDir("sentinel");
  const started: RedisServerProcess[] = [];
  const start = async (spec: Parameters<typeof RedisServerProcess.start>[0]) => {
    const node = await RedisServerProcess.start(spec);
    started.push(node);
    return node;
  };

  try {
    const master = await start({
      name: "master",
      parentDir: dir,
      mode: "server",
      credentials,
      config: () => authLines,
    });
    const replicas = await Promise.all(
      Array.from({ length: replicaCount }, (_, i) =>
        start({
          name: `replica-${i}`,
          parentDir: dir,
          mode: "server",
          credentials,
          config: () => [...authLines, `replicaof ${master.host} ${master.port}`],
        }),
      ),
    );
    await Promise.all(replicas.map((replica) => waitForReplicaLink(replica, credentials, timeoutMs)));
    const sentinels = await Promise.all(
      Array.from({ length: sentinelCount }, (_, i) =>
        start({
          name: `sentinel-${i}`,
          parentDir: dir,
          mode: "sentinel",
          config: () => [
            `sentinel monitor ${name} ${master.host} ${master.port} ${quorum}`,
            `sentinel down-after-milliseconds ${name} ${options.downAfterMs ?? 1_000}`,
            `sentinel failover-timeout ${name} ${options.failoverTimeoutMs ?? 5_000}`,
            `sentinel parallel-syncs ${name} 1`,
            ...(options.password === undefined
              ? []
              : [`sentinel auth-pass ${name} ${quoteConfigValue(options.password)}`]),
          ],
        }),
      ),
    );
    const dataNodes = [master, ...replicas];
    const all = [...sentinels, ...dataNodes];
    const topology = new SentinelTopology(name, dataNodes, sentinels, credentials, timeoutMs);
    await topology.waitUntilHealthy();
    const own = (node: RedisServerNode): RedisServerProcess => {
      const found = all.find((candidate) => candidate === node);
      if (!found) {
        throw new RedisHarnessError(
          "REDIS_HARNESS_BAD_INPUT",
          `${node.host}:${node.port} is not part of this topology`,
        );
      }
      return found;
    };
    return {
      info: {
        sentinels: sentinels.map((sentinel) => ({ host: sentinel.host, port: sentinel.port })),
        name,
        ...(options.password === undefined ? {} : { password: options.password }),
      },
      dataNodes,
      sentinels,
      currentMaster: () => topology.currentMaster(),
      sentinelFailover: () => topology.sentinelFailover(),
      killMaster: () => topology.killMaster(),
      gracefulSwitchover: () => topology.gracefulSwitchover(),
      kill: async (node) => own(node).kill(),
      restart: async (node) => own(node).restart(),
      waitUntilHealthy: (ms) => topology.waitUntilHealthy(ms),
      stop: async () => {
        // Sentinels first, so none starts a failover while the data nodes go down.
        await Promise.all(sentinels.map((sentinel) => sentinel.remove()));
        await Promise.all(dataNodes.map((node) => node.remove()));
        removeTopologyDir(dir);
      },
    };
  } catch (error) {
    await Promise.allSettled(started.map((node) => node.remove()));
    removeTopologyDir(dir);
    throw error;
  }
}

function validate(name: string, replicas: number, sentinels: number, password: string | undefined): void {
  if (!/^[A-Za-z0-9._-]+$/.test(name)) {
    throw new RedisHarnessError(
      "REDIS_HARNESS_BAD_INPUT",
      `master name "${name}" must be letters, digits, ".", "_" or "-"`,
    );
  }
  assertIntegerIn("replicas", replicas, 0, 8);
  assertIntegerIn("sentinels", sentinels, 1, 9);
  assertPasswordNotEmpty(password);
}

import { infoFields, type RedisCredentials } from "./admin-connection.js";
import type { RedisHostPort } from "./connection-info.js";
import { RedisHarnessError } from "./errors.js";
import type { RedisServerNode, RedisServerProcess } from "./redis-server-process.js";
import { masterAddress, masterState, replicaStates, sentinelCommand } from "./sentinel-admin.js";
import { follow, withWritesPaused } from "./sentinel-switchover.js";
import { waitFor } from "./wait-for.js";

/** The running state of a Sentinel topology: who is master, failovers, health. */
export class SentinelTopology {
  constructor(
    private readonly name: string,
    private readonly dataNodes: RedisServerProcess[],
    private readonly sentinels: RedisServerProcess[],
    private readonly credentials: RedisCredentials,
    private readonly timeoutMs: number,
  ) {}

  async currentMaster(): Promise<RedisServerProcess> {
    const reported = await this.reportedMasters();
    const votes = new Map<number, number>();
    for (const address of reported) if (address) votes.set(address.port, (votes.get(address.port) ?? 0) + 1);
    const [port] = [...votes.entries()].sort((a, b) => b[1] - a[1])[0] ?? [];
    const node = this.dataNodes.find((candidate) => candidate.port === port);
    if (!node)
      throw new RedisHarnessError(
        "REDIS_TOPOLOGY_NOT_READY",
        `no sentinel reports a master for ${this.name}`,
      );
    return node;
  }

  /**
   * A real forced failover, as an operator would run it: a plain `SENTINEL FAILOVER <name>` sent to one
   * sentinel while the master keeps taking writes, then waits until every running sentinel reports the
   * new master and it answers as master. Nothing is paused or moved over by hand: the old master keeps
   * acknowledging writes until its clients learn of the switch, and Sentinel converts it to a replica in
   * its own time (what durability tests must face).
   */
  async sentinelFailover(): Promise<RedisServerNode> {
    const old = await this.currentMaster();
    const sentinel = this.sentinels.find((candidate) => candidate.running);
    if (!sentinel) throw new RedisHarnessError("REDIS_TOPOLOGY_NOT_READY", "no sentinel is running");
    try {
      await this.requestFailover(sentinel);
      return await this.waitForNewMaster(old);
    } catch (error) {
      throw new RedisHarnessError(
        "REDIS_TOPOLOGY_NOT_READY",
        `SENTINEL FAILOVER of ${this.name}: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }

  /**
   * `kill -9` of the current master; resolves once every running sentinel reports the master it elected
   * by itself (after `down-after-milliseconds`) and that node answers as master.
   */
  async killMaster(): Promise<{ killed: RedisServerNode; master: RedisServerNode }> {
    const old = await this.currentMaster();
    await old.kill();
    try {
      return { killed: old, master: await this.waitForNewMaster(old) };
    } catch (error) {
      throw new RedisHarnessError(
        "REDIS_TOPOLOGY_NOT_READY",
        `after killing the master of ${this.name}: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }

  /** SENTINEL FAILOVER; NOGOODSLAVE / INPROG right after an earlier failover are transient: retried. */
  private async requestFailover(sentinel: RedisServerProcess): Promise<void> {
    await waitFor(async () => (await sentinelCommand(sentinel, "FAILOVER", this.name)) === "OK", {
      timeoutMs: this.timeoutMs,
      intervalMs: 250,
      description: `SENTINEL FAILOVER ${this.name} accepted`,
    });
  }

  /**
   * NOT a failover test: a graceful, lossless switchover. SENTINEL FAILOVER while the old master's
   * writes are paused (CLIENT PAUSE WRITE) and its replicas have caught up, then waits until every
   * sentinel reports the new master, it answers as master, and every other running data node follows it
   * (the old master is moved over at once instead of after Sentinel's 8 s). It hides the write loss a
   * real failover causes; use `sentinelFailover()` or `killMaster()` to test durability.
   */
  async gracefulSwitchover(): Promise<RedisServerNode> {
    const old = await this.currentMaster();
    const sentinel = this.sentinels.find((candidate) => candidate.running);
    if (!sentinel) throw new RedisHarnessError("REDIS_TOPOLOGY_NOT_READY", "no sentinel is running");
    // Only a replica of the old master can be promoted, and only those must catch up with it (a restarted
    // former master may still claim to be master until the sentinels convert it).
    const replicas = await this.replicasOf(old);
    const switchOver = async () => {
      await this.requestFailover(sentinel);
      // Move the old master over as soon as the promotion is done: the sentinels then meet it as a
      // replica when they switch, instead of recording it as a stray master until their next INFO (10 s).
      const promoted = await this.waitForPromotion(replicas, sentinel, old);
      if (old.running) await follow(old, promoted, this.credentials);
      const agreed = await this.waitForNewMaster(old);
      await this.waitForFollowers(agreed);
      return agreed;
    };
    try {
      if (!old.running) return await switchOver();
      return await withWritesPaused(
        {
          name: this.name,
          master: old,
          replicas,
          sentinels: this.sentinels,
          credentials: this.credentials,
          timeoutMs: this.timeoutMs,
        },
        switchOver,
      );
    } catch (error) {
      throw new RedisHarnessError(
        "REDIS_TOPOLOGY_NOT_READY",
        `graceful switchover of ${this.name}: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
  }

  async waitUntilHealthy(timeoutMs = this.timeoutMs): Promise<void> {
    try {
      await waitFor(() => this.isHealthy(), {
        timeoutMs,
        intervalMs: 100,
        description: `sentinels agree on ${this.name}, see its replicas and each other`,
      });
    } catch (error) {
      throw new RedisHarnessError("REDIS_TOPOLOGY_NOT_READY", (error as Error).message, { cause: error });
    }
  }

  private async replicasOf(master: RedisServerNode): Promise<RedisServerProcess[]> {
    const candidates = this.dataNodes.filter((node) => node !== master && node.running);
    const states = await Promise.all(
      candidates.map((node) => infoFields(node, this.credentials, "replication").catch(() => new Map())),
    );
    return candidates.filter(
      (_, i) => states[i]?.get("role") === "slave" && states[i]?.get("master_port") === String(master.port),
    );
  }

  /**
   * The node Sentinel promoted: one of `candidates` (the old master's replicas) reporting itself master,
   * or else whatever new master the sentinel that runs the failover names once it switches.
   */
  private waitForPromotion(
    candidates: RedisServerProcess[],
    sentinel: RedisServerProcess,
    old: RedisServerNode,
  ): Promise<RedisServerProcess> {
    return waitFor(
      async () => {
        for (const node of candidates) {
          const replication = await infoFields(node, this.credentials, "replication");
          if (replication.get("role") === "master") return node;
        }
        const named = await masterAddress(sentinel, this.name);
        if (named === undefined || named.port === old.port) return undefined;
        return this.dataNodes.find((node) => node.port === named.port);
      },
      { timeoutMs: this.timeoutMs, intervalMs: 50, description: `a replica of ${this.name} is promoted` },
    );
  }

  /** Every running sentinel reports the same master other than `old`, and it answers as master. */
  private waitForNewMaster(old: RedisServerNode): Promise<RedisServerProcess> {
    return waitFor(
      async () => {
        const reported = await this.reportedMasters();
        const [first] = reported;
        if (!first || first.port === old.port || reported.some((address) => address?.port !== first.port)) {
          return false;
        }
        const node = this.dataNodes.find((candidate) => candidate.port === first.port);
        if (!node) return false;
        const replication = await infoFields(node, this.credentials, "replication");
        return replication.get("role") === "master" && node;
      },
      {
        timeoutMs: this.timeoutMs,
        intervalMs: 100,
        description: `every sentinel reports a new master for ${this.name}`,
      },
    );
  }

  /** Moves every other running data node over to `master` and waits until each reports so. */
  private async waitForFollowers(master: RedisServerProcess): Promise<void> {
    const followers = this.dataNodes.filter((node) => node !== master && node.running);
    await Promise.all(followers.map((node) => follow(node, master, this.credentials)));
    await waitFor(
      async () => {
        const states = await Promise.all(
          followers.map((node) => infoFields(node, this.credentials, "replication")),
        );
        return states.every(
          (state) => state.get("role") === "slave" && state.get("master_port") === String(master.port),
        );
      },
      {
        timeoutMs: this.timeoutMs,
        intervalMs: 100,
        description: `data nodes follow the new master ${master.port}`,
      },
    );
  }

  private async isHealthy(): Promise<boolean> {
    const sentinels = this.sentinels.filter((sentinel) => sentinel.running);
    const reported = await Promise.all(sentinels.map((sentinel) => masterAddress(sentinel, this.name)));
    const masterPort = reported[0]?.port;
    if (masterPort === undefined || reported.some((address) => address?.port !== masterPort)) return false;
    const master = this.dataNodes.find((node) => node.port === masterPort);
    if (!master?.running) return false;
    if ((await infoFields(master, this.credentials, "replication")).get("role") !== "master") return false;
    const replicaPorts = this.dataNodes
      .filter((node) => node !== master && node.running)
      .map((node) => node.port);
    for (const sentinel of sentinels) {
      const state = await masterState(sentinel, this.name);
      if (Number(state.get("num-other-sentinels")) !== this.sentinels.length - 1) return false;
      if ((state.get("flags") ?? "") !== "master") return false;
      const replicas = await replicaStates(sentinel, this.name);
      const healthy = new Set(
        replicas
          .filter((replica) => replica.get("flags") === "slave" && replica.get("master-link-status") === "ok")
          .map((replica) => Number(replica.get("port"))),
      );
      if (!replicaPorts.every((port) => healthy.has(port))) return false;
    }
    return true;
  }

  private reportedMasters(): Promise<(RedisHostPort | undefined)[]> {
    const running = this.sentinels.filter((sentinel) => sentinel.running);
    return Promise.all(running.map((sentinel) => masterAddress(sentinel, this.name).catch(() => undefined)));
  }
}

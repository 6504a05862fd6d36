import { adminCommand, infoFields, type RedisCredentials, withAdminConnection } from "./admin-connection.js";
import type { RedisServerProcess } from "./redis-server-process.js";
import { masterState, sentinelCommand } from "./sentinel-admin.js";
import { waitFor } from "./wait-for.js";

/**
 * Runs `switchOver` while the old master takes no writes, so a forced failover loses nothing that was
 * acknowledged (what Redis's own FAILOVER command does, which Sentinel cannot use):
 *
 * - `CLIENT PAUSE WRITE` on the old master: writes wait instead of landing where the resync would drop
 *   them (a second replica can still acknowledge them until Sentinel moves it over);
 * - every replica catches up with the old master's offset before the promotion, so whichever replica
 *   Sentinel picks has every write;
 * - the paused master stalls the sentinels' link to it (their PUBLISH waits too), so their failure
 *   detection is held off meanwhile, lest they start a failover of their own.
 *
 * Everything is undone afterwards, also on failure. Paused clients are disconnected by the demotion
 * (`CLIENT KILL TYPE normal`) and retry against the new master.
 */
export async function withWritesPaused<T>(
  options: {
    name: string;
    master: RedisServerProcess;
    replicas: RedisServerProcess[];
    sentinels: RedisServerProcess[];
    credentials: RedisCredentials;
    timeoutMs: number;
  },
  switchOver: () => Promise<T>,
): Promise<T> {
  const { name, master, credentials, timeoutMs } = options;
  const restoreDetection = await holdFailureDetection(options.sentinels, name, timeoutMs * 2);
  try {
    await adminCommand(master, credentials, "CLIENT", "PAUSE", timeoutMs, "WRITE");
    try {
      await waitForReplicasCaughtUp(master, options.replicas, credentials, timeoutMs);
      return await switchOver();
    } finally {
      await adminCommand(master, credentials, "CLIENT", "UNPAUSE").catch(() => {});
    }
  } finally {
    await restoreDetection();
  }
}

/** Raises `down-after-milliseconds` on every sentinel; returns how to put the old values back. */
async function holdFailureDetection(
  sentinels: RedisServerProcess[],
  name: string,
  holdMs: number,
): Promise<() => Promise<void>> {
  const running = sentinels.filter((sentinel) => sentinel.running);
  const previous = await Promise.all(
    running.map(async (sentinel) => (await masterState(sentinel, name)).get("down-after-milliseconds")),
  );
  await Promise.all(
    running.map((sentinel) => sentinelCommand(sentinel, "SET", name, "down-after-milliseconds", holdMs)),
  );
  return async () => {
    await Promise.all(
      running.map((sentinel, i) => {
        const value = previous[i];
        if (value === undefined || !sentinel.running) return undefined;
        return sentinelCommand(sentinel, "SET", name, "down-after-milliseconds", value).catch(() => {});
      }),
    );
  };
}

async function waitForReplicasCaughtUp(
  master: RedisServerProcess,
  replicas: RedisServerProcess[],
  credentials: RedisCredentials,
  timeoutMs: number,
): Promise<void> {
  const running = replicas.filter((replica) => replica.running);
  await waitFor(
    async () => {
      const target = Number((await infoFields(master, credentials, "replication")).get("master_repl_offset"));
      const offsets = await Promise.all(
        running.map(async (replica) =>
          Number((await infoFields(replica, credentials, "replication")).get("slave_repl_offset")),
        ),
      );
      return offsets.every((offset) => offset >= target);
    },
    { timeoutMs, intervalMs: 20, description: `replicas of ${master.port} caught up with it` },
  );
}

/**
 * Turns `node` into a replica of `master` the way a sentinel does (REPLICAOF, CONFIG REWRITE, CLIENT KILL
 * TYPE normal in one transaction), unless it already is one.
 */
export async function follow(
  node: RedisServerProcess,
  master: { host: string; port: number },
  credentials: RedisCredentials,
): Promise<void> {
  const state = await infoFields(node, credentials, "replication");
  if (state.get("role") === "slave" && state.get("master_port") === String(master.port)) return;
  await withAdminConnection(node, credentials, (redis) =>
    redis
      .multi()
      .call("REPLICAOF", master.host, String(master.port))
      .call("CONFIG", "REWRITE")
      .call("CLIENT", "KILL", "TYPE", "normal")
      .exec(),
  );
}

import { type StorageAdapter, type StorageStatusEvent, StorageUnavailableError } from "@mcpstore/storage";
import { type SentinelRedis, startRedisSentinel, waitFor } from "@mcpstore/test-harness";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedisAdapter } from "../src/index.js";

let topology: SentinelRedis;
let adapter: StorageAdapter;
const statuses: StorageStatusEvent[] = [];

beforeAll(async () => {
  // Two replicas: after the master is killed, the new master still has a replica to confirm writes.
  topology = await startRedisSentinel({ replicas: 2 });
  adapter = await createRedisAdapter({
    sentinels: topology.info.sentinels,
    name: topology.info.name,
    socketTimeout: 1,
    healthcheckInterval: 1,
    // Redis replicates asynchronously: without this, writes the old master took during the switch are
    // acknowledged and then dropped (see the README). With it, only replicated writes are acknowledged.
    replicaAcks: 1,
  });
  adapter.onStatus((event) => statuses.push(event));
}, 90_000);

afterAll(async () => {
  await adapter?.close();
  await topology?.stop();
});

/** Writes one new key after another; a write counts once the adapter acknowledged it. */
function startWriter() {
  const acknowledged: string[] = [];
  const failures: string[] = [];
  let running = true;
  const done = (async () => {
    for (let i = 0; running; i++) {
      const key = `{failover}:w:${i}`;
      try {
        await adapter.batch([
          { op: "set", key, value: String(i) },
          { op: "hincrby", key: "{failover}:count", field: "n", by: 1 },
        ]);
        acknowledged.push(key);
      } catch (error) {
        // Only "unavailable" is an acceptable failure while the master changes.
        if (!(error instanceof StorageUnavailableError)) throw error;
        failures.push(error.message);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    }
  })();
  return {
    acknowledged,
    failures,
    stop: async () => {
      running = false;
      await done;
    },
  };
}

const more = (list: readonly unknown[], than: number, what: string) =>
  waitFor(() => list.length >= than, { timeoutMs: 45_000, description: what });

describe("Sentinel failover while writing", () => {
  it("writes resume after the master is killed and after a forced failover; acknowledged writes survive", async () => {
    const writer = startWriter();
    try {
      await more(writer.acknowledged, 20, "first writes");
      const first = await topology.currentMaster();

      // The master dies: the sentinels promote the replica with the most data.
      const beforeKill = writer.acknowledged.length;
      await topology.kill(first);
      await more(writer.acknowledged, beforeKill + 20, "writes after the master was killed");
      await topology.waitUntilHealthy();
      const second = await topology.currentMaster();
      expect(second.port).not.toBe(first.port);

      // SENTINEL FAILOVER while the master is alive. It keeps taking writes until it is demoted, but
      // its only replica stopped following it, so none of them is confirmed (replicaAcks) — or kept.
      const beforeFailover = writer.acknowledged.length;
      const third = await topology.gracefulSwitchover();
      expect(third.port).not.toBe(second.port);
      await more(writer.acknowledged, beforeFailover + 20, "writes after the forced failover");
    } finally {
      await writer.stop();
    }

    // The switch may still be settling (a late +switch-master makes the client reconnect once more).
    const values = await waitFor(() => adapter.getMany(writer.acknowledged), { description: "reading back" });
    const lost = writer.acknowledged.filter((_, i) => values[i] === null);
    expect(lost).toEqual([]);
    // Every acknowledged batch incremented the counter once; failed ones may or may not have run.
    const count = Number((await waitFor(() => adapter.hgetall("{failover}:count"))).n);
    expect(count).toBeGreaterThanOrEqual(writer.acknowledged.length);
    expect(count).toBeLessThanOrEqual(writer.acknowledged.length + writer.failures.length);
    expect(statuses.map((e) => e.status)).toContain("down");
    await waitFor(() => adapter.status === "ready", { description: "'ready' after the failovers" });
    if (process.env.MCPSTORE_TEST_VERBOSE) {
      console.log(
        `[sentinel failover] acknowledged ${writer.acknowledged.length}, failed ${writer.failures.length}, ` +
          `statuses ${statuses.map((e) => e.status).join(" → ")}, distinct failures: ` +
          JSON.stringify([...new Set(writer.failures.map((m) => m.replace(/\d+/g, "N")))]),
      );
    }
  }, 120_000);
});

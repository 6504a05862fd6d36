import { type StorageAdapter, type StorageStatusEvent, StorageUnavailableError } from "@mcpstore/storage";
import { type ClusterRedis, startRedisCluster, waitFor } from "@mcpstore/test-harness";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedisAdapter } from "../src/index.js";

const TIMEOUT_MS = 1_000;
const WITHIN_MS = TIMEOUT_MS + 1_500;

let cluster: ClusterRedis;
let adapter: StorageAdapter;
const statuses: StorageStatusEvent[] = [];

beforeAll(async () => {
  cluster = await startRedisCluster();
  adapter = await createRedisAdapter({
    cluster: cluster.info.nodes,
    socketTimeout: TIMEOUT_MS / 1000,
    healthcheckInterval: 1,
  });
  adapter.onStatus((event) => statuses.push(event));
}, 90_000);

afterAll(async () => {
  await adapter?.close();
  await cluster?.stop();
});

/** A key (with its own hash tag) whose slot `node` serves. */
async function keyOn(node: ClusterRedis["masters"][number], name: string): Promise<string> {
  for (let i = 0; ; i++) {
    const key = `{${name}-${i}}:doc`;
    if ((await cluster.slotOwner(key)) === node) return key;
  }
}

describe("a Redis Cluster node restarts", () => {
  it("commands for its slots fail fast while it is down, the loss is reported, and all works again after", async () => {
    const victim = cluster.masters[1]!;
    const onVictim = await keyOn(victim, "victim");
    const elsewhere = await keyOn(cluster.masters[0]!, "other");
    await adapter.batch([{ op: "set", key: onVictim, value: "before" }]);
    await adapter.set(elsewhere, "before");

    await cluster.kill(victim);
    const started = performance.now();
    const error = await adapter.set(onVictim, "during").then(
      () => new Error("the write succeeded on a dead node"),
      (e: Error) => e,
    );
    expect(performance.now() - started).toBeLessThan(WITHIN_MS);
    expect(error).toBeInstanceOf(StorageUnavailableError);
    expect(error.message).toContain("Redis Cluster (seeds");
    await waitFor(() => statuses.some((e) => e.status === "down"), { description: "a 'down' status event" });

    await cluster.restart(victim);
    await waitFor(() => adapter.set(onVictim, "after").then(() => true), {
      timeoutMs: 30_000,
      description: "writes to the restarted node's slots",
    });
    expect(await adapter.get(onVictim)).toBe("after");
    await adapter.set(elsewhere, "after");
    expect(await adapter.getMany([elsewhere, onVictim])).toEqual(["after", "after"]);
    await waitFor(() => adapter.status === "ready", { description: "'ready' again" });
    expect(statuses.at(-1)?.status).toBe("ready");
    if (process.env.MCPSTORE_TEST_VERBOSE) {
      console.log(
        `[cluster restart] statuses ${statuses.map((e) => e.status).join(" → ")}; first error: ${error.message}`,
      );
    }
  }, 120_000);
});

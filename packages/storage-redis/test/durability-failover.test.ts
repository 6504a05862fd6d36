import { type SentinelRedis, waitFor } from "@mcpstore/test-harness";
import { expect, it } from "vitest";
import { createRedisAdapter } from "../src/index.js";
import { countPresent, startRegistryWriter, useSentinelWithAdapter } from "./durability-writer.js";

// A real `SENTINEL FAILOVER` (not the harness's graceful switchover) while writes keep coming, with the
// adapter's defaults: every acknowledged write must be on the new master afterwards.
const fixture = useSentinelWithAdapter();

it("counts the replicas through the next sentinel when the first one listed is down", async () => {
  const topology = fixture.topology();
  const dead = { host: "127.0.0.1", port: 1 };
  const other = await createRedisAdapter({
    sentinels: [dead, ...topology.info.sentinels],
    name: topology.info.name,
  });
  try {
    expect(
      (await other.batch([{ op: "set", key: "{dur-failover}:first-sentinel-down", value: "1" }])).ok,
    ).toBe(true);
  } finally {
    await other.close();
  }
});

it("no acknowledged write is lost through a real SENTINEL FAILOVER under write load (defaults)", async () => {
  const topology = fixture.topology();
  const adapter = fixture.adapter();
  const writer = startRegistryWriter(adapter, "{dur-failover}");
  let master: Awaited<ReturnType<SentinelRedis["sentinelFailover"]>>;
  try {
    await waitFor(() => writer.acknowledged.length >= 200, {
      timeoutMs: 10_000,
      description: "first writes",
    });
    master = await topology.sentinelFailover();
    const atSwitch = writer.acknowledged.length;
    await waitFor(() => writer.acknowledged.length >= atSwitch + 200, {
      timeoutMs: 15_000,
      description: "writes acknowledged after the failover",
    });
  } finally {
    await writer.stop();
  }
  const acknowledged = writer.acknowledged.length;
  const present = await countPresent(master, writer.acknowledged);
  console.log(
    `[durability] SENTINEL FAILOVER: acknowledged ${acknowledged}, present ${present}, lost ${acknowledged - present}, rejected (not acknowledged) ${writer.rejected}`,
  );
  expect(present).toBe(acknowledged);
}, 30_000);

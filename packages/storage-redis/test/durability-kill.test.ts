import { type RedisServerNode, waitFor } from "@mcpstore/test-harness";
import { expect, it } from "vitest";
import { countPresent, pause, startRegistryWriter, useSentinelWithAdapter } from "./durability-writer.js";

// `kill -9` of the master (Sentinel elects a new one by itself) while writes keep coming, with the
// adapter's defaults. The replicas lag just before the crash (stopped for 700 ms, less than Sentinel's
// down-after of 1 s, so they still count as up): what the master acknowledged meanwhile without them
// dies with it, unless it waited for them.
const fixture = useSentinelWithAdapter();

it("no acknowledged write is lost through kill -9 of the master under write load (defaults)", async () => {
  const topology = fixture.topology();
  const adapter = fixture.adapter();
  const writer = startRegistryWriter(adapter, "{dur-kill}", { payloadBytes: 32 * 1024 });
  let master: RedisServerNode;
  try {
    await waitFor(() => writer.acknowledged.length >= 200, {
      timeoutMs: 10_000,
      description: "first writes",
    });
    const old = await topology.currentMaster();
    const replicas = topology.dataNodes.filter((node) => node !== old);
    const resume = pause(replicas);
    try {
      await new Promise((resolve) => setTimeout(resolve, 700));
      await topology.kill(old);
    } finally {
      resume();
    }
    master = await waitFor(
      async () => {
        const current = await topology.currentMaster();
        return current !== old && current;
      },
      { timeoutMs: 15_000, description: "the sentinels elect a new master" },
    );
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
    `[durability] kill -9 of the master: acknowledged ${acknowledged}, present ${present}, lost ${acknowledged - present}, rejected (not acknowledged) ${writer.rejected}`,
  );
  expect(present).toBe(acknowledged);
}, 30_000);

import { MemoryAdapter } from "@mcpstore/storage";
import { countingAdapter } from "@mcpstore/storage/testkit";
import { createRedisAdapter } from "@mcpstore/storage-redis";
import { MCPStore } from "@mcpstore/store";
import { startFixtureHttpServer, startStandaloneRedis, waitFor } from "@mcpstore/test-harness";
import { compare, type Row } from "../measure.js";

const SERVICES = 100;
// The fixture has 11 tools of its own; 9 fillers make 20 per service.
const FILLERS = 9;

async function storeWith100Services(storage: MCPStore["storage"], url: string): Promise<MCPStore> {
  const store = await MCPStore.setupStore({ storage, dataspace: "bench" });
  const mcpServers = Object.fromEntries(Array.from({ length: SERVICES }, (_, i) => [`svc${i}`, { url }]));
  await store.forStore().addService({ mcpServers });
  await waitFor(async () => (await store.forStore().listTools()).length === SERVICES * (11 + FILLERS), {
    description: "every service's tools",
    timeoutMs: 120_000,
  });
  return store;
}

// listTools over 100 services x 20 tools is served from the local mirror: the same on Redis as on memory,
// and with zero storage round trips in steady state.
export async function run(): Promise<Row[]> {
  const fixture = await startFixtureHttpServer({ tools: FILLERS });
  const redis = await startStandaloneRedis();
  const memoryStore = await storeWith100Services(new MemoryAdapter(), fixture.mcpUrl);
  const counted = countingAdapter(await createRedisAdapter({ url: redis.info.url }));
  const redisStore = await storeWith100Services(counted.storage, fixture.mcpUrl);
  try {
    await redisStore.flush();
    const start = counted.calls.length;
    let calls = 0;
    const row = await compare({
      name: `store: listTools, ${SERVICES} services x ${11 + FILLERS} tools (Redis vs memory)`,
      baseline: { label: "memory store", run: () => memoryStore.forStore().listTools() },
      candidate: {
        label: "Redis store",
        run: () => {
          calls++;
          return redisStore.forStore().listTools();
        },
      },
      batch: 20,
      samples: 200,
    });
    const during = counted.calls.slice(start);
    const idleReads = during.filter((call) => call === "readEvents").length;
    // State heartbeats (one batch per 10 s) are background writes, not round trips of listTools.
    const heartbeats = during.filter((call) => call === "batch").length;
    const commands = during.length - idleReads - heartbeats;
    const median = row.candidateMedianUs;
    console.log(
      `listTools (Redis store): median ${median.toFixed(1)} µs over ${calls} calls — target ≤ 200 µs ${median <= 200 ? "met" : "MISSED"}; ` +
        `storage commands during the run: ${commands} (target 0 ${commands === 0 ? "met" : "MISSED"}), ` +
        `plus ${idleReads} idle blocking reads of the event stream by the follower and ${heartbeats} state heartbeat writes`,
    );
    return [row];
  } finally {
    await Promise.all([memoryStore.close(), redisStore.close()]);
    await counted.storage.close();
    await fixture.close();
    await redis.stop();
  }
}

import { MemoryAdapter, MemoryDatabase } from "@mcpstore/storage";
import { afterEach, describe, it } from "vitest";
import { MCPStore } from "../../src/index.js";
import { capturingLogger, fallBehindAndCatchUp, type Stall, StallableReads } from "../event-gap.js";

// A small cap so a few dozen changes trim the stream past a stalled follower.
const eventLogMaxLen = 20;

const stores: MCPStore[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
});

async function instance(db: MemoryDatabase, options: Partial<Parameters<typeof MCPStore.setupStore>[0]>) {
  const store = await MCPStore.setupStore({
    storage: new MemoryAdapter({ database: db }),
    namespace: "gap",
    dataspace: "ws",
    eventLogMaxLen,
    ...options,
  });
  stores.push(store);
  return store;
}

describe("an instance further behind than the event stream keeps", () => {
  it.each<Stall>(["paused", "partitioned"])(
    "reloads the registry once %s, dropping what was removed meanwhile",
    async (how) => {
      const db = new MemoryDatabase();
      const a = await instance(db, { logger: capturingLogger().logger });
      const reads = new StallableReads(new MemoryAdapter({ database: db }));
      const { logger, warnings } = capturingLogger();
      const b = await instance(db, { storage: reads.storage, logger });
      await fallBehindAndCatchUp(a, b, reads, how, 3 * eventLogMaxLen, warnings);
    },
    60_000,
  );
});

import { createRedisAdapter } from "@mcpstore/storage-redis";
import { afterEach, describe, inject, it } from "vitest";
import { MCPStore } from "../../src/index.js";
import { capturingLogger, fallBehindAndCatchUp, type Stall, StallableReads } from "../event-gap.js";
import { uniqueNamespace } from "./topologies.js";

// `XADD MAXLEN ~ 20` trims whole stream nodes (100 entries by default), so Redis keeps up to ~120:
// the filler is well past that.
const eventLogMaxLen = 20;

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn().catch(() => {});
});

describe("an instance further behind than the event stream keeps (standalone Redis)", () => {
  it.each<Stall>(["paused", "partitioned"])(
    "reloads the registry once %s, dropping what was removed meanwhile",
    async (how) => {
      const url = inject("redis").url;
      const namespace = uniqueNamespace("gap");
      const dataspace = "ws";
      const a = await MCPStore.setupStore({
        redis: { url, namespace, dataspace },
        fallback: "error",
        eventLogMaxLen,
        logger: capturingLogger().logger,
      });
      cleanup.push(() => a.close());
      const adapter = await createRedisAdapter({ url });
      cleanup.push(() => adapter.close());
      const reads = new StallableReads(adapter);
      const { logger, warnings } = capturingLogger();
      const b = await MCPStore.setupStore({
        storage: reads.storage,
        namespace,
        dataspace,
        eventLogMaxLen,
        logger,
      });
      cleanup.push(() => b.close());
      await fallBehindAndCatchUp(a, b, reads, how, 300, warnings);
    },
    60_000,
  );
});

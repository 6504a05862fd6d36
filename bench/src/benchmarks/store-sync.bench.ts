import { MCPStore } from "@mcpstore/store";
import { startStandaloneRedis } from "@mcpstore/test-harness";
import { compare, type Row } from "../measure.js";

// A change made in instance A visible in instance B (B's mirror applied it and emitted the event),
// against A's own updateService call returning. Two stores on one Redis, loopback.
export async function run(): Promise<Row[]> {
  const redis = await startStandaloneRedis();
  const config = { url: redis.info.url, namespace: "bench", dataspace: "sync" };
  const a = await MCPStore.setupStore({ redis: config, fallback: "error" });
  const b = await MCPStore.setupStore({ redis: config, fallback: "error" });
  try {
    // A remote service on a closed port: each update reconnects, and failing fast keeps that cheap.
    await a.forStore().addService({ mcpServers: { svc: { url: "http://127.0.0.1:9/mcp" } } });
    while (!(await b.forStore().listServices()).length) await new Promise((r) => setTimeout(r, 5));
    let i = 0;
    const seenInB = (version: number) =>
      new Promise<void>((resolve) => {
        const off = b.on("service.updated", (e) => {
          if (e.version >= version) {
            off();
            resolve();
          }
        });
      });
    const update = async (waitForB: boolean) => {
      const [current] = await a.forStore().listServices(); // from A's mirror: no round trip
      const seen = waitForB ? seenInB(current!.version + 1) : undefined;
      await a.forStore().updateService("svc", { headers: { "X-Round": String(i++) } });
      await seen;
    };
    const row = await compare({
      name: "store: change in A visible in B (Redis loopback)",
      baseline: { label: "A's updateService returns", run: () => update(false) },
      candidate: { label: "B applied it", run: () => update(true) },
      samples: 150,
      warmup: 20,
    });
    const median = row.candidateMedianUs / 1000;
    console.log(
      `A→B visibility: median ${median.toFixed(2)} ms — target ≤ 10 ms ${median <= 10 ? "met" : "MISSED"}`,
    );
    return [row];
  } finally {
    await a
      .forStore()
      .removeService("svc")
      .catch(() => {});
    await Promise.all([a.close(), b.close()]);
    await redis.stop();
  }
}

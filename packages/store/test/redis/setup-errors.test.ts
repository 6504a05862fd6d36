import { freePort } from "@mcpstore/test-harness";
import { describe, expect, inject, it } from "vitest";
import { MCPStore } from "../../src/index.js";
import { runWorker } from "../workers/run-worker.js";

const sentinel = inject("redisSentinel");
const address = (n: { host: string; port: number }) => `${n.host}:${n.port}`;

/** The rejection of setupStore and how long it took to arrive. */
async function setupFailure(
  options: Parameters<typeof MCPStore.setupStore>[0],
): Promise<{ error: Error & { code?: string }; ms: number }> {
  const started = performance.now();
  try {
    const store = await MCPStore.setupStore(options);
    await store.close();
  } catch (error) {
    return { error: error as Error & { code?: string }, ms: performance.now() - started };
  }
  throw new Error("expected setupStore to reject");
}

describe("setupStore with a wrong Redis config rejects, even with the default memory fallback", () => {
  it("an unknown Sentinel master name: STORAGE_CONFIG at once, naming the masters there are", async () => {
    const { error, ms } = await setupFailure({
      redis: {
        sentinels: sentinel.sentinels.map(address),
        name: "no-such-master",
        password: sentinel.password,
      },
    });
    expect(error.code).toBe("STORAGE_CONFIG");
    expect(error.message).toBe(
      `Sentinel knows no master named "no-such-master" (it knows: ${sentinel.name})`,
    );
    expect(ms).toBeLessThan(2_000);
  });

  it("a url pointing at a sentinel: STORAGE_CONFIG saying to use sentinels + name", async () => {
    const node = sentinel.sentinels[0]!;
    const { error } = await setupFailure({ redis: { url: `redis://${address(node)}` } });
    expect(error.code).toBe("STORAGE_CONFIG");
    expect(error.message).toContain(
      `${address(node)} is a Redis Sentinel, not a data server: use sentinels:`,
    );
  });

  it('names "host:port" nodes as given, never undefined:undefined', async () => {
    const port = await freePort();
    const { error } = await setupFailure({
      redis: { sentinels: [`127.0.0.1:${port}`], name: "mymaster", socketTimeout: 0.5 },
      fallback: "error",
    });
    expect(error.code).toBe("STORAGE_UNREACHABLE");
    expect(error.message).toContain(`Redis is unreachable (Sentinel 127.0.0.1:${port})`);
    expect(error.message).not.toContain("undefined");
  });
});

describe("a failed Redis setup leaves nothing behind: the process can exit at once", () => {
  for (const [label, redis] of [
    ["unreachable", async () => ({ url: `redis://127.0.0.1:${await freePort()}`, socketTimeout: 0.5 })],
    ["unknown Sentinel master", async () => ({ sentinels: sentinel.sentinels, name: "no-such-master" })],
  ] as const) {
    it(`${label}: exits within 1 s of the rejection, no timers or sockets left`, async () => {
      const worker = runWorker("./failed-setup.ts", [JSON.stringify(await redis()), "error"]);
      const report = await worker.message<{ code: string; rejectedAt: number; resources: string[] }>(
        (m) => "rejectedAt" in m,
      );
      await worker.exited;
      const lingered = Date.now() - report.rejectedAt;
      expect(report.code).toMatch(/^STORAGE_/);
      expect(report.resources.filter((r) => r === "Timeout" || r.startsWith("TCP"))).toEqual([]);
      expect(lingered).toBeLessThan(1_000);
    }, 60_000);
  }
});

describe("close() leaves nothing behind", () => {
  it("a store on Redis, closed: the process exits within 1 s, no timers or sockets left", async () => {
    const worker = runWorker("./setup-close.ts", [JSON.stringify({ url: inject("redis").url })]);
    const report = await worker.message<{ closedAt: number; resources: string[] }>((m) => "closedAt" in m);
    await worker.exited;
    const lingered = Date.now() - report.closedAt;
    expect(report.resources.filter((r) => r === "Timeout" || r.startsWith("TCP"))).toEqual([]);
    expect(lingered).toBeLessThan(1_000);
  }, 60_000);
});

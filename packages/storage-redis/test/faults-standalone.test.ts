import {
  type StorageAdapter,
  type StorageStatusEvent,
  StorageTimeoutError,
  StorageUnavailableError,
} from "@mcpstore/storage";
import { type StandaloneRedis, startStandaloneRedis, waitFor } from "@mcpstore/test-harness";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedisAdapter } from "../src/index.js";

// socketTimeout 1 s, health checks every second: what an outage looks like from the adapter.
const TIMEOUT_MS = 1_000;
// Bound for "fails within the configured timeout": the timeout plus room for a loaded event loop.
const WITHIN_MS = TIMEOUT_MS + 1_500;

let server: StandaloneRedis;
let adapter: StorageAdapter;
const statuses: StorageStatusEvent[] = [];

beforeAll(async () => {
  server = await startStandaloneRedis();
  adapter = await createRedisAdapter({
    url: server.info.url,
    socketTimeout: TIMEOUT_MS / 1000,
    healthcheckInterval: 1,
  });
  adapter.onStatus((event) => statuses.push(event));
}, 60_000);

afterAll(async () => {
  await adapter?.close();
  await server?.stop();
});

async function failsFast(operation: () => Promise<unknown>): Promise<Error> {
  const started = performance.now();
  try {
    await operation();
  } catch (error) {
    expect(performance.now() - started).toBeLessThan(WITHIN_MS);
    return error as Error;
  }
  throw new Error("expected the operation to fail while Redis is down");
}

describe("standalone Redis stops and comes back", () => {
  it("reports the loss, fails commands fast with STORAGE_UNAVAILABLE, then works again and reports it", async () => {
    await adapter.set("{fault}:k", "before");
    const blocked = adapter
      .readEvents("{fault}:log", "0-0", { blockMs: 60_000 })
      .catch((error: Error) => error);

    await server.kill();
    await waitFor(() => statuses.some((e) => e.status === "down"), { description: "a 'down' status event" });
    expect(adapter.status).toBe("down");
    expect(statuses[0]?.error).toBeInstanceOf(Error);

    // A blocking read in flight does not hang: it fails with the connection.
    expect(await blocked).toBeInstanceOf(StorageUnavailableError);
    for (const operation of [
      () => adapter.get("{fault}:k"),
      () => adapter.set("{fault}:k", "during"),
      () => adapter.getMany(["{fault}:a", "{fault}:b"]),
      () => adapter.batch([{ op: "hincrby", key: "{fault}:h", field: "n", by: 1 }]),
      () => adapter.readEvents("{fault}:log", "0-0", { blockMs: 1_000 }),
      () => adapter.scanPrefix("{fault}:"),
      () => adapter.ping(),
    ]) {
      const error = await failsFast(operation);
      expect(error).toBeInstanceOf(StorageUnavailableError);
      expect(error.message).toContain(`Redis at ${server.info.host}:${server.info.port}`);
    }

    await server.restart();
    await waitFor(() => adapter.status === "ready", { description: "the adapter to report 'ready' again" });
    await adapter.set("{fault}:k", "after");
    expect(await adapter.get("{fault}:k")).toBe("after");
    expect(statuses.map((e) => e.status)).toEqual(["down", "ready"]);
  }, 60_000);

  it("a server that stops answering (SIGSTOP) times commands out instead of hanging them", async () => {
    const pid = server.node.pid;
    if (pid === undefined) throw new Error("the harness gave no pid");
    statuses.length = 0;
    process.kill(pid, "SIGSTOP");
    try {
      const error = await failsFast(() => adapter.get("{fault}:k"));
      expect(error).toBeInstanceOf(StorageTimeoutError);
      expect((error as StorageTimeoutError).code).toBe("STORAGE_TIMEOUT");
      expect(error.message).toContain(`did not answer get within ${TIMEOUT_MS} ms`);
      await waitFor(() => adapter.status === "down", { description: "the health check to notice" });
    } finally {
      process.kill(pid, "SIGCONT");
    }
    await waitFor(() => adapter.status === "ready", { description: "'ready' once the server answers again" });
    expect(await adapter.get("{fault}:k")).toBe("after");
    expect(statuses.map((e) => e.status)).toEqual(["down", "ready"]);
  }, 60_000);
});

import { MemoryAdapter } from "@mcpstore/storage";
import { describe, expect, it } from "vitest";
import { importRedisModule } from "../../src/core/open-storage.js";
import { type Logger, MCPStore } from "../../src/index.js";

describe("MCPStore.setupStore", () => {
  it("runs on memory by default, with the guide's default namespace and an auto dataspace", async () => {
    const store = await MCPStore.setupStore();
    expect(store.storage.kind).toBe("memory");
    expect(store.namespace).toBe("default");
    expect(store.dataspace).toMatch(/^auto-/);
    expect(store.storageStatus).toEqual({
      kind: "memory",
      state: "ok",
      status: "ok",
      queued: 0,
      lastError: undefined,
    });
    await store.close();
    await store.close();
    await expect(store.forStore().listServices()).rejects.toMatchObject({ code: "STORE_CLOSED" });
  });

  it("uses a bring-your-own adapter and leaves it open on close", async () => {
    const own = new MemoryAdapter();
    const store = await MCPStore.setupStore({ storage: own, namespace: "mine", dataspace: "fixed" });
    expect(store.storage).toBe(own);
    expect(store.dataspace).toBe("fixed");
    await store.close();
    expect(own.status).toBe("ready");
    expect(await own.hgetall("mine:fixed:index:services")).toEqual({});
    await own.close();
  });

  it("deletes an auto dataspace's keys on close, keeps a fixed one's", async () => {
    const own = new MemoryAdapter();
    const auto = await MCPStore.setupStore({ storage: own });
    await auto.forStore().addService({ mcpServers: { s: { url: "http://127.0.0.1:9/mcp" } } });
    const prefix = `default:${auto.dataspace}:`;
    expect((await own.scanPrefix(prefix)).length).toBeGreaterThan(0);
    await auto.close();
    expect(await own.scanPrefix(prefix)).toEqual([]);

    const fixed = await MCPStore.setupStore({ storage: own, dataspace: "keep" });
    await fixed.forStore().addService({ mcpServers: { s: { url: "http://127.0.0.1:9/mcp" } } });
    await fixed.close();
    expect(await own.scanPrefix("default:keep:services:s:")).toContain("default:keep:services:s:config");
    await own.close();
  });

  it("rejects bad options before starting anything", async () => {
    await expect(MCPStore.setupStore({ fallback: "sometimes" as never })).rejects.toMatchObject({
      code: "OPTIONS_INVALID",
    });
    await expect(MCPStore.setupStore({ redis: { url: "http://nope" } })).rejects.toMatchObject({
      code: "OPTIONS_INVALID",
    });
  });

  it("names the package to install when the Redis adapters are missing", async () => {
    const error = await importRedisModule("@mcpstore/storage-redis-not-installed").catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "STORAGE_REDIS_MISSING" });
    expect((error as Error).message).toContain("npm i @mcpstore/storage-redis");
  });

  it("logs storage operations and state changes with debug: true through the given logger, redacted", async () => {
    const lines: string[] = [];
    const logger: Logger = {
      debug: (m, d) => lines.push(`${m} ${JSON.stringify(d ?? {})}`),
      info: () => {},
      warn: () => {},
      error: () => {},
    };
    const store = await MCPStore.setupStore({ debug: true, logger });
    await store.forStore().addService({ mcpServers: { s: { url: "http://user:hunter2@127.0.0.1:9/mcp" } } });
    await store.close();
    expect(lines.some((l) => l.startsWith("storage batch"))).toBe(true);
    expect(lines.some((l) => l.includes("service s added"))).toBe(true);
    expect(lines.join("\n")).not.toContain("hunter2");

    const quiet: string[] = [];
    const silent = await MCPStore.setupStore({ logger: { ...logger, debug: (m) => quiet.push(m) } });
    await silent.close();
    expect(quiet).toEqual([]);
  });
});

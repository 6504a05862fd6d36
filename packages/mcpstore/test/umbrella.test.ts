import { expect, it } from "vitest";
import * as umbrella from "../src/index.js";

it("re-exports the store and a lazy Redis adapter factory", () => {
  expect(typeof umbrella.MCPStore.setupStore).toBe("function");
  expect(typeof umbrella.createRedisAdapter).toBe("function");
});

it("exports the error classes of every package, all on one base", () => {
  for (const name of [
    "StorageAuthError",
    "StorageConfigError",
    "StorageCommandError",
    "ConfigError",
    "KeyspaceNameError",
  ]) {
    const cls = (umbrella as Record<string, unknown>)[name] as { prototype: object } | undefined;
    expect(cls, name).toBeTypeOf("function");
    expect(
      Object.prototype.isPrototypeOf.call(umbrella.MCPStoreError.prototype, cls?.prototype ?? {}),
      name,
    ).toBe(true);
  }
});

it("serves the whole Redis adapter package from mcpstore/redis", async () => {
  const redis = await import("mcpstore/redis");
  expect(typeof redis.createRedisAdapter).toBe("function");
});

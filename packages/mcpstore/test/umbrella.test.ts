import { expect, it } from "vitest";
import * as umbrella from "../src/index.js";

it("re-exports the store and a lazy Redis adapter factory", () => {
  expect(typeof umbrella.MCPStore.setupStore).toBe("function");
  expect(typeof umbrella.createRedisAdapter).toBe("function");
});

it("serves the whole Redis adapter package from mcpstore/redis", async () => {
  const redis = await import("mcpstore/redis");
  expect(typeof redis.createRedisAdapter).toBe("function");
});

import { expect, it } from "vitest";
import * as umbrella from "../src/index.js";

it("re-exports the store and the Redis adapter", () => {
  expect(typeof umbrella.MCPStore.setupStore).toBe("function");
  expect(typeof umbrella.createRedisAdapter).toBe("function");
});

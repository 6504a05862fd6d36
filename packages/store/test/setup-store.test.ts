import { MemoryAdapter } from "@mcpstore/storage";
import { expect, it } from "vitest";
import { MCPStore } from "../src/index.js";

it("runs on memory by default and accepts a bring-your-own adapter", async () => {
  const store = await MCPStore.setupStore();
  expect(store.storage).toBeInstanceOf(MemoryAdapter);
  await store.close();
  const own = new MemoryAdapter();
  const withOwn = await MCPStore.setupStore({ storage: own });
  expect(withOwn.storage).toBe(own);
  await withOwn.close();
});

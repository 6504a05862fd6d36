import { describe, expect, it } from "vitest";
import { MemoryAdapter } from "../src/index.js";
import { runStorageAdapterCompliance } from "../src/testkit/index.js";

runStorageAdapterCompliance({ describe, it, expect }, async () => new MemoryAdapter(), {
  name: "MemoryAdapter",
});

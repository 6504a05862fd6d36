import { expect, it } from "vitest";
import { MemoryAdapter } from "../src/index.js";
import { runAdapterCompliance } from "../src/testkit/index.js";

runAdapterCompliance({ it, expect }, async () => new MemoryAdapter());

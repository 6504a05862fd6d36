import { defineProject } from "vitest/config";
import { realPartsTimeouts, sourceAliases } from "../../vitest.shared.js";

export default defineProject({
  resolve: { alias: sourceAliases },
  // Each test spawns the built CLI several times (and each invocation starts MCP servers): seconds, not ms.
  test: { name: "@mcpstore/cli", include: ["test/**/*.test.ts"], ...realPartsTimeouts, testTimeout: 60_000 },
});

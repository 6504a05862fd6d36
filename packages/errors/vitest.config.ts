import { defineProject } from "vitest/config";
import { realPartsTimeouts, sourceAliases } from "../../vitest.shared.js";

export default defineProject({
  resolve: { alias: sourceAliases },
  test: { name: "@mcpstore/errors", include: ["test/**/*.test.ts"], ...realPartsTimeouts },
});

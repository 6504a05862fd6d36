import { defineConfig } from "tsup";
import { packageBuild } from "../../tsup.base.js";

// Only the fixture MCP server is built: tests spawn it as a plain Node script. The rest of the harness is
// consumed as TypeScript source.
export default defineConfig(
  packageBuild({ "fixture-server": "src/mcp-fixtures/bin.ts" }, { format: ["esm"], dts: false }),
);

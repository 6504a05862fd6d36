import { existsSync, readdirSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type FixtureOptions, fixtureArgs } from "./options.js";

const builtBin = fileURLToPath(new URL("../../dist/fixture-server.js", import.meta.url));
const sourceDir = fileURLToPath(new URL(".", import.meta.url));
const rebuild = "run `pnpm --filter @mcpstore/test-harness build`";

/**
 * Absolute path of the built fixture server (`dist/fixture-server.js`). Throws when it is missing, or older
 * than the fixture sources — a test must never pass or fail against yesterday's fixture.
 */
export function fixtureServerPath(): string {
  if (!existsSync(builtBin)) {
    throw new Error(`The fixture MCP server is not built (${builtBin} is missing): ${rebuild}`);
  }
  const builtAt = statSync(builtBin).mtimeMs;
  const newer = readdirSync(sourceDir).find(
    (file) => file.endsWith(".ts") && statSync(`${sourceDir}/${file}`).mtimeMs > builtAt,
  );
  if (newer) {
    throw new Error(`The fixture MCP server build is older than src/mcp-fixtures/${newer}: ${rebuild}`);
  }
  return builtBin;
}

/** An `mcpServers` entry that runs the fixture over stdio with these options. */
export function fixtureStdioConfig(options: FixtureOptions = {}): { command: string; args: string[] } {
  return { command: process.execPath, args: [fixtureServerPath(), "--stdio", ...fixtureArgs(options)] };
}

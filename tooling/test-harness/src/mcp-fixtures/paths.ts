import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type FixtureOptions, fixtureArgs } from "./options.js";

const builtBin = fileURLToPath(new URL("../../dist/fixture-server.js", import.meta.url));

/** Absolute path of the built fixture server (`dist/fixture-server.js`); throws if it was not built. */
export function fixtureServerPath(): string {
  if (!existsSync(builtBin)) {
    throw new Error(
      `The fixture MCP server is not built (${builtBin} is missing): run \`pnpm --filter @mcpstore/test-harness build\``,
    );
  }
  return builtBin;
}

/** An `mcpServers` entry that runs the fixture over stdio with these options. */
export function fixtureStdioConfig(options: FixtureOptions = {}): { command: string; args: string[] } {
  return { command: process.execPath, args: [fixtureServerPath(), "--stdio", ...fixtureArgs(options)] };
}

import { readdir } from "node:fs/promises";
import { homedir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { editDistance } from "../tools/nearest.js";
import { McpJsonError } from "./mcp-json-file.js";

/** `~/x` is the home directory's `x`, as in a shell (the README's `~/.cursor/mcp.json`). */
export function expandHome(path: string): string {
  return path === "~" || path.startsWith("~/") ? join(homedir(), path.slice(1)) : path;
}

/**
 * The error for an mcp.json path that does not exist: it says where it looked, names a file with a
 * close name in that directory (a typo like `mcp.jsno`), and how to ask for the file to be created.
 */
export async function missingFileError(path: string): Promise<McpJsonError> {
  const absolute = resolve(path);
  const dir = dirname(absolute);
  const wanted = basename(absolute);
  const entries = await readdir(dir).catch(() => undefined);
  const near = (entries ?? [])
    .filter((name) => name !== wanted && editDistance(name.toLowerCase(), wanted.toLowerCase()) <= 2)
    .sort()
    .slice(0, 3);
  const where =
    entries === undefined ? ` (directory ${dir} does not exist either)` : ` (looked for ${absolute})`;
  const hint = near.length ? ` Did you mean ${near.map((n) => join(dirname(path), n)).join(" or ")}?` : "";
  return new McpJsonError(
    path,
    `no such file${where}.${hint} To start from an empty file that the store creates, pass ` +
      "mcpJson: { path, create: true }.",
    undefined,
    "MCP_JSON_NOT_FOUND",
  );
}

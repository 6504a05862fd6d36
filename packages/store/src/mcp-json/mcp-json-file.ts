import { randomBytes } from "node:crypto";
import { mkdir, open, readFile, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { applyEdits, modify } from "jsonc-parser";
import { MCPStoreError } from "../errors.js";
import { parseJsonc } from "./jsonc.js";

/** An mcp.json that cannot be read, parsed or found. */
export class McpJsonError extends MCPStoreError {
  /** The file, as given. */
  readonly path: string;

  /** `code`: MCP_JSON_INVALID (cannot be read or parsed) or MCP_JSON_NOT_FOUND (no such file). */
  constructor(path: string, message: string, cause?: unknown, code = "MCP_JSON_INVALID") {
    super(code, `${path}: ${message}`, { cause });
    this.path = path;
  }
}

/** Which top-level key holds the servers: Claude/Cursor use `mcpServers`, VS Code `servers`. */
export type ServersKey = "mcpServers" | "servers";

export interface McpJsonDocument {
  /** The whole parsed file (other top-level keys are kept on write-back). */
  readonly document: Record<string, unknown>;
  readonly serversKey: ServersKey;
  readonly servers: Record<string, unknown>;
  readonly exists: boolean;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Reads an mcp.json; a missing file is an empty one (so a first `add` can create it). */
export async function readMcpJson(path: string): Promise<McpJsonDocument> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      return { document: {}, serversKey: "mcpServers", servers: {}, exists: false };
    }
    throw new McpJsonError(path, `cannot be read (${(error as Error).message})`, error);
  }
  if (!text.trim()) return { document: {}, serversKey: "mcpServers", servers: {}, exists: true };
  let document: unknown;
  try {
    document = parseJsonc(text);
  } catch (error) {
    throw new McpJsonError(path, `is not valid JSON: ${(error as Error).message}`, error);
  }
  if (!isRecord(document)) throw new McpJsonError(path, "must hold a JSON object");
  const serversKey: ServersKey =
    "mcpServers" in document || !("servers" in document) ? "mcpServers" : "servers";
  const servers = document[serversKey] ?? {};
  if (!isRecord(servers)) throw new McpJsonError(path, `"${serversKey}" must be an object of services`);
  return { document, serversKey, servers, exists: true };
}

/**
 * Writes `data` to `path` atomically: a temporary file in the same directory, flushed to disk, then
 * renamed over the target, so readers see the old file or the new one, never half of one. Keeps the
 * existing file's mode; new files are 0600 because service configs often hold tokens.
 */
export async function writeFileAtomic(path: string, data: string): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  let mode = 0o600;
  try {
    mode = (await stat(path)).mode & 0o777;
  } catch {
    // new file: keep the private default
  }
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  const handle = await open(tmp, "w", mode);
  try {
    await handle.writeFile(data, "utf8");
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

/**
 * Replaces the servers of the mcp.json at `path` with `servers`, keeping every other top-level key,
 * the file's own servers key (`mcpServers` or `servers`), its comments and formatting: only the
 * entries that changed are edited in the text (jsonc-parser's edit operations), so a hand-written
 * file stays the user's file.
 */
export async function writeMcpJsonServers(path: string, servers: Record<string, unknown>): Promise<void> {
  const current = await readMcpJson(path);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    text = "";
  }
  if (!text.trim()) {
    await writeFileAtomic(path, `${JSON.stringify({ [current.serversKey]: servers }, null, 2)}\n`);
    return;
  }
  const options = { formattingOptions: { insertSpaces: true, tabSize: 2, eol: "\n" } };
  const key = current.serversKey;
  if (!isRecord(current.document[key])) {
    text = applyEdits(text, modify(text, [key], servers, options));
  } else {
    for (const name of Object.keys(current.servers)) {
      if (!(name in servers)) text = applyEdits(text, modify(text, [key, name], undefined, options));
    }
    for (const [name, value] of Object.entries(servers)) {
      if (JSON.stringify(current.servers[name]) === JSON.stringify(value)) continue;
      text = applyEdits(text, modify(text, [key, name], value, options));
    }
  }
  await writeFileAtomic(path, text.endsWith("\n") ? text : `${text}\n`);
}

import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseJsonc } from "../../src/mcp-json/jsonc.js";
import { McpJsonError, readMcpJson, writeMcpJsonServers } from "../../src/mcp-json/mcp-json-file.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "mcpstore-json-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("parseJsonc", () => {
  it("drops comments and trailing commas but keeps // inside strings", () => {
    const text = `{
      // VS Code style
      "servers": { "w": { "url": "https://x.example/mcp", /* inline */ }, },
    }`;
    expect(parseJsonc(text)).toEqual({ servers: { w: { url: "https://x.example/mcp" } } });
  });
});

describe("mcp.json", () => {
  it("reads the Claude/Cursor and the VS Code shapes and treats a missing file as empty", async () => {
    const claude = join(dir, "claude.json");
    await writeFile(claude, JSON.stringify({ mcpServers: { a: { command: "npx" } }, other: 1 }));
    expect(await readMcpJson(claude)).toMatchObject({
      serversKey: "mcpServers",
      servers: { a: { command: "npx" } },
    });
    const vscode = join(dir, "mcp.json");
    await writeFile(vscode, JSON.stringify({ servers: { b: { url: "http://h/mcp" } }, inputs: [] }));
    expect(await readMcpJson(vscode)).toMatchObject({
      serversKey: "servers",
      servers: { b: { url: "http://h/mcp" } },
    });
    expect(await readMcpJson(join(dir, "none.json"))).toMatchObject({ exists: false, servers: {} });
  });

  it("rejects a broken file with its path in the error", async () => {
    const bad = join(dir, "bad.json");
    await writeFile(bad, "{ nope");
    await expect(readMcpJson(bad)).rejects.toBeInstanceOf(McpJsonError);
    await expect(readMcpJson(bad)).rejects.toThrow(bad);
    await writeFile(bad, JSON.stringify({ mcpServers: [] }));
    await expect(readMcpJson(bad)).rejects.toThrow(/must be an object/);
  });

  it("writes back atomically, keeping other keys and the file's servers key, leaving no temp files", async () => {
    const path = join(dir, "mcp.json");
    await writeFile(path, JSON.stringify({ servers: { old: { command: "x" } }, inputs: ["keep"] }));
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => writeMcpJsonServers(path, { [`s${i}`]: { command: `c${i}` } })),
    );
    const doc = JSON.parse(await readFile(path, "utf8"));
    expect(doc.inputs).toEqual(["keep"]);
    expect(Object.keys(doc.servers)).toHaveLength(1);
    expect(doc.mcpServers).toBeUndefined();
    expect(await readdir(dir)).toEqual(["mcp.json"]);
  });

  it("edits only the entries that changed, keeping the file's comments and formatting", async () => {
    const path = join(dir, "mcp.json");
    const original = [
      "// my registry",
      "{",
      '  "theme": "dark", /* keep me */',
      '  "mcpServers": {',
      "    // the fixture",
      '    "fx": { "command": "node", "args": ["fx.js"] },',
      '    "gone": { "command": "x" }',
      "  }",
      "}",
      "",
    ].join("\n");
    await writeFile(path, original);
    await writeMcpJsonServers(path, {
      fx: { command: "node", args: ["fx.js"] },
      added: { url: "http://127.0.0.1:1/mcp" },
    });
    const text = await readFile(path, "utf8");
    for (const kept of ["// my registry", "/* keep me */", "// the fixture"]) expect(text).toContain(kept);
    expect(text).not.toContain('"gone"');
    const { document } = await readMcpJson(path);
    expect(document).toEqual({
      theme: "dark",
      mcpServers: { fx: { command: "node", args: ["fx.js"] }, added: { url: "http://127.0.0.1:1/mcp" } },
    });
  });

  it("creates a new file (and its directory) private to the user", async () => {
    const path = join(dir, "nested", "dir", "mcp.json");
    await writeMcpJsonServers(path, { a: { command: "npx", args: ["-y", "howtocook-mcp"] } });
    expect(JSON.parse(await readFile(path, "utf8"))).toEqual({
      mcpServers: { a: { command: "npx", args: ["-y", "howtocook-mcp"] } },
    });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });
});

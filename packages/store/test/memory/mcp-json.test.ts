import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fixtureStdioConfig } from "@mcpstore/test-harness";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MCPStore, McpJsonError, readMcpJson } from "../../src/index.js";

let dir: string;
let store: MCPStore | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "mcpstore-store-json-"));
});
afterEach(async () => {
  await store?.close();
  store = undefined;
  await rm(dir, { recursive: true, force: true });
});

describe("setupStore({ mcpJson })", () => {
  it("loads a Claude/Cursor mcp.json at start and serves its services", async () => {
    const path = join(dir, "claude.json");
    await writeFile(path, JSON.stringify({ mcpServers: { fixture: fixtureStdioConfig() } }));
    store = await MCPStore.setupStore({ mcpJson: path });
    expect((await store.forStore().listServices()).map((s) => s.name)).toEqual(["fixture"]);
    await store.forStore().waitService("fixture");
    expect((await store.forStore().useTool("add", { a: 20, b: 22 })).structuredContent).toEqual({ sum: 42 });
  });

  it("loads the VS Code shape (servers, JSONC) and writes changes back atomically in the same shape", async () => {
    const path = join(dir, "mcp.json");
    const cfg = fixtureStdioConfig();
    await writeFile(
      path,
      `{
  // VS Code keeps other keys next to servers
  "inputs": [{ "id": "token", "type": "promptString" }],
  "servers": { "fixture": ${JSON.stringify(cfg)}, },
}`,
    );
    store = await MCPStore.setupStore({ mcpJson: { path, writeBack: true } });
    // Loading alone does not rewrite the file.
    expect(await readFile(path, "utf8")).toContain("// VS Code");

    await store.forStore().addService({
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${VAR} placeholder of a service config
      mcpServers: { second: { url: "http://127.0.0.1:9/mcp", headers: { "X-Key": "${KEY}" } } },
    });
    await store.forAgent("someone").addService({ mcpServers: { private: fixtureStdioConfig() } });
    await store.forStore().updateService("fixture", { env: { MODE: "x" } });
    await store.close();
    store = undefined;

    const text = await readFile(path, "utf8");
    expect(text).toContain("// VS Code keeps other keys next to servers"); // the user's comments stay
    const written = (await readMcpJson(path)).document as {
      inputs: unknown;
      servers: Record<string, unknown>;
    };
    expect(written.inputs).toEqual([{ id: "token", type: "promptString" }]);
    expect(Object.keys(written.servers)).toEqual(["fixture", "second"]);
    expect(written.servers.fixture).toEqual({ ...cfg, env: { MODE: "x" } });
    // Placeholders are kept as written, never interpolated into the file.
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${VAR} placeholder of a service config
    expect(written.servers.second).toEqual({ url: "http://127.0.0.1:9/mcp", headers: { "X-Key": "${KEY}" } });

    // A new store on the file gets the same services back.
    store = await MCPStore.setupStore({ mcpJson: { path, writeBack: true } });
    expect((await store.forStore().listServices()).map((s) => s.name)).toEqual(["fixture", "second"]);
    await store.forStore().removeService("second");
    await store.close();
    store = undefined;
    expect(Object.keys((await readMcpJson(path)).servers)).toEqual(["fixture"]);
  });

  it("creates a missing file when asked to (create: true) and writes changes to it", async () => {
    const path = join(dir, "nested", "mcp.json");
    store = await MCPStore.setupStore({ mcpJson: { path, writeBack: true, create: true } });
    expect(await store.forStore().listServices()).toEqual([]);
    expect(JSON.parse(await readFile(path, "utf8"))).toEqual({ mcpServers: {} });
    await store.forStore().addService({ name: "fixture", ...fixtureStdioConfig() });
    await store.close();
    store = undefined;
    expect(Object.keys(JSON.parse(await readFile(path, "utf8")).mcpServers)).toEqual(["fixture"]);
  });

  it("rejects a broken file naming it, and leaves nothing running", async () => {
    const path = join(dir, "bad.json");
    await writeFile(path, JSON.stringify({ mcpServers: { bad: { command: 42 } } }));
    await expect(MCPStore.setupStore({ mcpJson: path })).rejects.toMatchObject({ code: "CONFIG_INVALID" });
    await writeFile(path, "{ not json");
    await expect(MCPStore.setupStore({ mcpJson: path })).rejects.toThrow(path);
  });

  it("rejects a path that does not exist at once, naming a close file and the create option", async () => {
    await writeFile(join(dir, "mcp.json"), JSON.stringify({ mcpServers: {} }));
    const typo = join(dir, "mcp.jsno");
    const started = performance.now();
    const error = await MCPStore.setupStore({ mcpJson: typo }).catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(error).toBeInstanceOf(McpJsonError);
    expect(error).toMatchObject({ code: "MCP_JSON_NOT_FOUND", path: typo });
    expect((error as Error).message).toBe(
      `${typo}: no such file (looked for ${typo}). Did you mean ${join(dir, "mcp.json")}? ` +
        "To start from an empty file that the store creates, pass mcpJson: { path, create: true }.",
    );
    await expect(
      MCPStore.setupStore({ mcpJson: { path: typo, create: "yes" } as never }),
    ).rejects.toMatchObject({ code: "OPTIONS_INVALID", message: expect.stringContaining("mcpJson.create") });
  });

  it("reports a syntax error with line, column and the line itself", async () => {
    const path = join(dir, "broken.json");
    await writeFile(
      path,
      '{\n  // comment\n  "mcpServers": {\n    "a": { "command": "x" }\n    "b": {}\n  }\n}\n',
    );
    const error = await MCPStore.setupStore({ mcpJson: path }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "MCP_JSON_INVALID" });
    expect((error as Error).message).toBe(
      `${path}: is not valid JSON: Expected ',' or '}' after property value at line 5, column 5\n` +
        '  5 |     "b": {}\n' +
        "    |     ^",
    );
  });
});

import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fixtureStdioConfig } from "@mcpstore/test-harness";
import { parse as parseJsonc } from "jsonc-parser";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { assertFreshBuild, type CliHome, cliHome } from "./cli-process.js";

let cli: CliHome;
beforeAll(() => assertFreshBuild());
afterEach(() => cli?.cleanup());

describe("config files", () => {
  it("a config file that is not valid JSON: line and column, exit 2, the file untouched", async () => {
    cli = cliHome();
    const broken =
      '{\n  // my servers\n  "mcpServers": {\n    "a": { "command": "node" }\n    "b": {}\n  }\n}\n';
    mkdirSync(join(cli.home, ".mcpstore"));
    writeFileSync(cli.configPath, broken);
    const r = await cli.run(["list"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      `error: config file ${cli.configPath} is not valid JSON: ',' expected at line 5, column 5 (the file was not changed)\n`,
    );
    const f = fixtureStdioConfig();
    expect((await cli.run(["add", "x", "--no-wait", "--", f.command, ...f.args])).code).toBe(2);
    expect(readFileSync(cli.configPath, "utf8")).toBe(broken);
  });

  it("--config / MCPSTORE_CONFIG naming a missing file is an error for reads, a new file for add", async () => {
    cli = cliHome();
    const path = join(cli.home, "elsewhere", "servers.json");
    const r = await cli.run(["list", "--config", path]);
    expect(r).toEqual({
      code: 2,
      stdout: "",
      stderr: `error: config file ${path} does not exist (check --config / MCPSTORE_CONFIG, or create it with \`mcpstore add\`)\n`,
    });
    const viaEnv = await cli.run(["tools"], { env: { MCPSTORE_CONFIG: path } });
    expect(viaEnv.code).toBe(2);
    const f = fixtureStdioConfig();
    const added = await cli.run(["add", "fx", "--no-wait", "--", f.command, ...f.args], {
      env: { MCPSTORE_CONFIG: path },
    });
    expect(added).toMatchObject({ code: 0, stdout: "Added fx (stdio)\n" });
    expect(Object.keys(JSON.parse(readFileSync(path, "utf8")).mcpServers)).toEqual(["fx"]);
  });

  it("comments and unknown keys of the config survive an add", async () => {
    cli = cliHome();
    mkdirSync(join(cli.home, ".mcpstore"));
    writeFileSync(cli.configPath, '// mine\n{ "theme": "dark", "mcpServers": {}, }\n');
    const f = fixtureStdioConfig();
    expect((await cli.run(["add", "fx", "--no-wait", "--", f.command, ...f.args])).code).toBe(0);
    const text = readFileSync(cli.configPath, "utf8");
    expect(text).toMatch(/^\/\/ mine\n/);
    expect(parseJsonc(text)).toEqual({
      theme: "dark",
      mcpServers: { fx: { command: f.command, args: f.args } },
    });
  });

  it("add refuses a command that is not on PATH and writes nothing", async () => {
    cli = cliHome();
    const r = await cli.run(["add", "ghost", "--", "mcpstore-no-such-command", "--stdio"]);
    expect(r).toEqual({
      code: 2,
      stdout: "",
      stderr: 'error: command "mcpstore-no-such-command" was not found on PATH (nothing was added)\n',
    });
    expect(existsSync(cli.configPath)).toBe(false);
  });
});

describe("import", () => {
  it("imports a Claude Desktop file, and Cursor's and VS Code's from their usual locations", async () => {
    cli = cliHome();
    const f = fixtureStdioConfig();
    const claude = join(cli.home, "claude.json");
    writeFileSync(claude, JSON.stringify({ mcpServers: { one: f }, globalShortcut: "x" }));
    const fromFile = await cli.run(["import", claude]);
    expect(fromFile.code).toBe(0);
    expect(fromFile.stdout).toContain(`Imported 1 service from ${claude}`);
    expect(fromFile.stdout).toMatch(/^one +stdio +healthy +11$/m);

    mkdirSync(join(cli.home, ".cursor"));
    writeFileSync(join(cli.home, ".cursor", "mcp.json"), JSON.stringify({ mcpServers: { two: f } }));
    mkdirSync(join(cli.cwd, ".vscode"));
    // VS Code's shape: `servers`, a `type`, and comments.
    writeFileSync(
      join(cli.cwd, ".vscode", "mcp.json"),
      `{\n  // workspace servers\n  "servers": { "three": ${JSON.stringify({ type: "stdio", ...f })} }\n}\n`,
    );
    const cursor = await cli.run(["import", "--from", "cursor", "--json"]);
    expect(cursor.code).toBe(0);
    expect(JSON.parse(cursor.stdout)).toMatchObject([{ name: "two", state: "healthy" }]);
    const vscode = await cli.run(["import", "--from", "vscode"]);
    expect(vscode.code).toBe(0);
    expect(Object.keys(JSON.parse(readFileSync(cli.configPath, "utf8")).mcpServers).sort()).toEqual([
      "one",
      "three",
      "two",
    ]);

    const claudeMissing = await cli.run(["import", "--from", "claude"]);
    expect(claudeMissing.code).toBe(2);
    expect(claudeMissing.stderr).toContain(
      `no claude MCP config found (looked in ${join(cli.home, ".config", "Claude", "claude_desktop_config.json")})`,
    );
    const again = await cli.run(["import", claude.replace("claude.json", "nope.json")]);
    expect(again).toMatchObject({ code: 2, stderr: expect.stringContaining("nope.json does not exist") });
  });
});

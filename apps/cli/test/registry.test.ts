import { readFileSync } from "node:fs";
import { fixtureStdioConfig } from "@mcpstore/test-harness";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertFreshBuild, type CliHome, cliHome } from "./cli-process.js";

// One registry (an mcp.json in a throwaway HOME) used command after command, as a person would.
let cli: CliHome;
const fixture = () => fixtureStdioConfig();
const json = (stdout: string): unknown => JSON.parse(stdout);

beforeAll(() => {
  assertFreshBuild();
  cli = cliHome();
});
afterAll(() => cli.cleanup());

describe("a registry kept in ~/.mcpstore/mcp.json", () => {
  it("add writes the file; list in the next invocation shows the service healthy", async () => {
    const f = fixture();
    const added = await cli.run(["add", "fx", "--", f.command, ...f.args]);
    expect(added).toMatchObject({ code: 0, stdout: "Added fx (stdio): healthy, 11 tools\n" });
    expect(JSON.parse(readFileSync(cli.configPath, "utf8"))).toEqual({
      mcpServers: { fx: { command: f.command, args: f.args } },
    });
    const list = await cli.run(["list"]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^NAME +TYPE +STATE +TOOLS +TARGET +LAST ERROR$/m);
    expect(list.stdout).toMatch(/^fx +stdio +healthy +11 +/m);
  });

  it("list --json is exactly one JSON document of ServiceInfo", async () => {
    const r = await cli.run(["list", "--json"]);
    expect(r.code).toBe(0);
    const services = json(r.stdout) as Record<string, unknown>[];
    expect(services).toHaveLength(1);
    expect(services[0]).toMatchObject({ name: "fx", type: "stdio", state: "healthy", toolCount: 11 });
  });

  it("the same add again is a no-op; a different definition needs --force", async () => {
    const f = fixture();
    expect((await cli.run(["add", "fx", "--no-wait", "--", f.command, ...f.args])).code).toBe(0);
    const clash = await cli.run(["add", "fx", "--", f.command, ...f.args, "--tools", "2"]);
    expect(clash.code).toBe(1);
    expect(clash.stderr).toBe(
      'error: Service "fx" already exists with a different definition. Use --force to replace it.\n',
    );
  });

  it("tools lists qualified names; --json carries the input schemas", async () => {
    const table = await cli.run(["tools", "fx"]);
    expect(table.stdout).toMatch(/^fx__echo +fx +Answers with the given text\.$/m);
    const r = await cli.run(["tools", "--json"]);
    const tools = json(r.stdout) as {
      name: string;
      originalName: string;
      inputSchema: { required?: string[] };
    }[];
    const echo = tools.find((t) => t.name === "fx__echo");
    expect(echo).toMatchObject({ originalName: "echo", service: "fx", inputSchema: { required: ["text"] } });
    const schema = await cli.run(["tools", "--schema"]);
    expect(schema.stdout).toContain('"required": [\n');
  });

  it("call prints the text content; key=value pairs are typed by the schema; --json gives the CallToolResult", async () => {
    const echo = await cli.run(["call", "echo", "text=hello world"]);
    expect(echo).toEqual({ code: 0, stdout: "hello world\n", stderr: "" });
    const add = await cli.run(["call", "fx__add", "a=2", "b=40", "--json"]);
    expect(add.code).toBe(0);
    expect(json(add.stdout)).toEqual({
      content: [{ type: "text", text: "42" }],
      structuredContent: { sum: 42 },
    });
    const viaArgs = await cli.run(["call", "add", "--args", '{"a": 1.5, "b": 1}']);
    expect(viaArgs.stdout).toBe("2.5\n");
    const stdin = await cli.run(["call", "echo", "--args", "-"], { input: '{"text": "from stdin"}' });
    expect(stdin.stdout).toBe("from stdin\n");
  });

  it("a tool that returns isError exits 1 with its text on stderr", async () => {
    const r = await cli.run(["call", "fail", "message=nope"]);
    expect(r).toEqual({ code: 1, stdout: "", stderr: "error: fx__fail returned an error: nope\n" });
    const j = await cli.run(["call", "fail", "--json"]);
    expect(j.code).toBe(1);
    expect(json(j.stdout)).toMatchObject({ isError: true });
  });

  it("the user's mistakes: unknown tool (nearest names), bad JSON (position), schema mismatch (field), unknown service", async () => {
    const unknown = await cli.run(["call", "ecoh", "text=x"]);
    expect(unknown).toEqual({
      code: 2,
      stdout: "",
      stderr: 'error: Tool "ecoh" not found. Did you mean: fx__echo?\n',
    });
    const badJson = await cli.run(["call", "echo", "--args", '{"text": "a",}']);
    expect(badJson.code).toBe(2);
    expect(badJson.stderr).toBe(
      "error: --args is not valid JSON: property name expected at position 13 (line 1, column 14)\n",
    );
    const notObject = await cli.run(["call", "echo", "--args", "[1]"]);
    expect(notObject.stderr).toContain("--args must be a JSON object");
    const wrongType = await cli.run(["call", "add", "a=one", "b=2"]);
    expect(wrongType).toMatchObject({ code: 2, stderr: 'error: argument "a" must be number, got "one"\n' });
    const missing = await cli.run(["call", "add", "--args", '{"a": 1}']);
    expect(missing).toMatchObject({
      code: 2,
      stderr: 'error: missing required argument "b" (fx__add takes: a, b)\n',
    });
    const badValue = await cli.run(["call", "echo", "--args", '{"text": 5}']);
    expect(badValue.stderr).toBe('error: argument "text" must be string (fx__echo takes: text)\n');
    const service = await cli.run(["info", "fz"]);
    expect(service).toMatchObject({
      code: 2,
      stdout: "",
      stderr: 'error: Service "fz" is not registered in the store. Known services: fx.\n',
    });
  });

  it("--json errors are one JSON document on stdout, the message on stderr", async () => {
    const r = await cli.run(["call", "ecoh", "--json"]);
    expect(r.code).toBe(2);
    expect(json(r.stdout)).toEqual({
      error: {
        code: "TOOL_NOT_FOUND",
        message: 'Tool "ecoh" not found. Did you mean: fx__echo?',
        exitCode: 2,
      },
    });
    expect(r.stderr).toContain("Did you mean: fx__echo?");
  });

  it("a call that outlives --timeout exits 3", async () => {
    const r = await cli.run(["call", "slow", "ms=20000", "--timeout", "300"]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^error: .*300 ms/);
  });

  it("info, resources, read, prompts and prompt", async () => {
    const info = await cli.run(["info", "fx"]);
    expect(info.stdout).toMatch(/^state +healthy$/m);
    expect(info.stdout).toMatch(/^fx__slow +/m);
    const infoJson = json((await cli.run(["info", "fx", "--json"])).stdout) as {
      tools: unknown[];
      stderrTail: string;
    };
    expect(infoJson.tools).toHaveLength(11);
    const resources = await cli.run(["resources"]);
    expect(resources.stdout).toMatch(/^fixture:\/\/readme +readme +fx +text\/plain$/m);
    const read = await cli.run(["read", "fixture://readme"]);
    expect(read).toMatchObject({
      code: 0,
      stdout: "This is the MCPStore fixture server. Its tools are deterministic.\n",
    });
    const prompts = await cli.run(["prompts", "--json"]);
    expect(json(prompts.stdout)).toMatchObject([{ name: "fx__greet", originalName: "greet", service: "fx" }]);
    const prompt = await cli.run(["prompt", "greet", "name=Ann"]);
    expect(prompt.stdout).toBe("user: Hello, Ann!\n");
  });

  it("wait, restart, stats and doctor", async () => {
    expect((await cli.run(["wait", "fx"])).stdout).toBe("fx is healthy (11 tools)\n");
    expect((await cli.run(["restart", "fx"])).stdout).toBe("Restarted fx: healthy, 11 tools\n");
    const stats = await cli.run(["stats", "--json"]);
    expect(stats.code).toBe(0);
    expect(json(stats.stdout)).toContainEqual(
      expect.objectContaining({ name: "fx__echo", calls: 0, errors: 0 }),
    );
    expect(stats.stderr).toContain("without --redis, statistics live only as long as one command");
    const doctor = await cli.run(["doctor", "--json"]);
    expect(doctor.code).toBe(0);
    const report = json(doctor.stdout) as { ok: boolean; checks: { check: string; status: string }[] };
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => c.check)).toEqual(["node", "config", "storage", "service fx"]);
  });

  it("a service that never comes up: wait exits 3, call exits 3, doctor names it", async () => {
    const f = fixture();
    const add = await cli.run([
      "add",
      "down",
      "--timeout",
      "1500",
      "--",
      f.command,
      ...f.args,
      "--exit-on-start",
    ]);
    expect(add.code).toBe(3);
    expect(add.stderr).toContain('"down" stays registered');
    const wait = await cli.run(["wait", "down", "--timeout", "500"]);
    expect(wait.code).toBe(3);
    expect(wait.stderr).toMatch(/^error: Service "down" did not become healthy within 500 ms/);
    const call = await cli.run(["call", "down__echo", "text=x"]);
    // The service exists but never connected: unavailable (3), with its state and last error.
    expect(call.code).toBe(3);
    expect(call.stderr).toContain('service "down" is');
    const doctor = await cli.run(["doctor"]);
    expect(doctor.code).toBe(3);
    expect(doctor.stdout).toMatch(/^FAIL +service down +/m);
  });

  it("remove drops the service from the file", async () => {
    expect((await cli.run(["remove", "down"])).stdout).toBe("Removed down\n");
    const r = await cli.run(["remove", "fx", "--json"]);
    expect(json(r.stdout)).toEqual({ removed: "fx" });
    expect(JSON.parse(readFileSync(cli.configPath, "utf8"))).toEqual({ mcpServers: {} });
    expect((await cli.run(["list", "--json"])).stdout).toBe("[]\n");
  });
});

import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertFreshBuild, type CliHome, cliHome } from "./cli-process.js";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  version: string;
};
const ESC = "\u001b[";

let cli: CliHome;
beforeAll(() => {
  assertFreshBuild();
  cli = cliHome();
});
afterAll(() => cli.cleanup());

describe("help, version, usage errors", () => {
  it("--version prints the package version and nothing else", async () => {
    const r = await cli.run(["--version"]);
    expect(r).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: "" });
  });

  it("--help lists every command and the exit codes", async () => {
    const r = await cli.run(["--help"]);
    expect(r.code).toBe(0);
    for (const command of [
      "add",
      "import",
      "list",
      "info",
      "tools",
      "call",
      "resources",
      "read",
      "prompts",
      "prompt",
      "remove",
      "restart",
      "wait",
      "stats",
      "doctor",
      "completion",
    ]) {
      expect(r.stdout).toMatch(new RegExp(`^  ${command} `, "m"));
    }
    expect(r.stdout).toContain("Exit codes:");
    expect(r.stdout).toMatch(/4 {2}storage unreachable/);
  });

  it("an unknown command or option is a usage error (exit 2) with a suggestion, nothing on stdout", async () => {
    const r = await cli.run(["lst"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("unknown command 'lst'");
    expect(r.stderr).toContain("Did you mean list?");
    const o = await cli.run(["list", "--jsno"]);
    expect(o.code).toBe(2);
    expect(o.stderr).toContain("unknown option '--jsno'");
  });

  it("under --json a usage error is also one JSON document on stdout", async () => {
    const r = await cli.run(["lsit", "--json"]);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toEqual({
      error: { code: "USAGE", message: "unknown command 'lsit' (Did you mean list?)", exitCode: 2 },
    });
  });

  it("--agent without Redis is a usage error, not a change that silently vanishes", async () => {
    const r = await cli.run(["--agent", "bob", "add", "x", "--no-wait", "--", "node", "-v"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--agent needs Redis");
    const list = await cli.run(["list", "--json"]);
    expect(JSON.parse(list.stdout)).toEqual([]);
  });

  it("add without a way to reach the server, or with both, says what to give (exit 2)", async () => {
    const none = await cli.run(["add", "x"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe(
      "error: say how to reach the server: --url <url>, or -- <command> [args...] after the name\n",
    );
    const both = await cli.run(["add", "x", "--url", "http://127.0.0.1:1/mcp", "--", "node"]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("give either --url or -- <command>, not both");
    const bad = await cli.run(["wait", "x", "--timeout", "soon"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--timeout must be a positive number of milliseconds, got "soon"');
  });
});

describe("completion", () => {
  it("prints bash, zsh and fish scripts naming every command; bash parses them", async () => {
    const bash = await cli.run(["completion", "bash"]);
    expect(bash.code).toBe(0);
    expect(bash.stdout).toContain("complete -o default -F _mcpstore mcpstore");
    expect(bash.stdout).toMatch(/compgen -W "add import list info tools call/);
    execFileSync("bash", ["-n"], { input: bash.stdout });
    const zsh = await cli.run(["completion", "zsh"]);
    expect(zsh.stdout).toMatch(/^#compdef mcpstore/);
    expect(zsh.stdout).toContain("'call:call a tool");
    const fish = await cli.run(["completion", "fish"]);
    expect(fish.stdout).toContain("complete -c mcpstore -n '__fish_use_subcommand' -a 'doctor'");
    const other = await cli.run(["completion", "powershell"]);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('unknown shell "powershell": use bash, zsh or fish');
  });
});

describe("colour", () => {
  it("is off when stdout is not a terminal and with NO_COLOR; FORCE_COLOR turns it on", async () => {
    // doctor on an empty registry starts no server and prints green "ok" marks.
    const plain = await cli.run(["doctor"]);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/^ok {4}node +Node v/m);
    expect(plain.stdout).not.toContain(ESC);
    const forced = await cli.run(["doctor"], { env: { FORCE_COLOR: "1" } });
    expect(forced.stdout).toContain(`${ESC}32mok  `);
    const noColor = await cli.run(["doctor"], { env: { FORCE_COLOR: "1", NO_COLOR: "1" } });
    expect(noColor.stdout).not.toContain(ESC);
  });
});

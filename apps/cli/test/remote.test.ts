import { readFileSync } from "node:fs";
import { type FixtureHttpServer, startFixtureHttpServer } from "@mcpstore/test-harness";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertFreshBuild, type CliHome, cliHome } from "./cli-process.js";

let cli: CliHome;
let server: FixtureHttpServer;
beforeAll(async () => {
  assertFreshBuild();
  cli = cliHome();
  server = await startFixtureHttpServer({ token: "t0ps3cret" });
});
afterAll(async () => {
  cli.cleanup();
  await server.close();
});

describe("a remote server", () => {
  it("add --url --header: healthy, called over HTTP; the header is kept in the file but redacted in info", async () => {
    const added = await cli.run([
      "add",
      "web",
      "--url",
      server.mcpUrl,
      "--transport",
      "streamable-http",
      "--header",
      "Authorization=Bearer t0ps3cret",
    ]);
    expect(added).toMatchObject({ code: 0, stdout: "Added web (remote): healthy, 11 tools\n" });
    expect(JSON.parse(readFileSync(cli.configPath, "utf8")).mcpServers.web).toEqual({
      url: server.mcpUrl,
      transport: "streamable-http",
      headers: { Authorization: "Bearer t0ps3cret" },
    });
    const info = await cli.run(["info", "web", "--json"]);
    expect(info.stdout).not.toContain("t0ps3cret");
    expect(JSON.parse(info.stdout)).toMatchObject({
      type: "remote",
      transport: "streamable-http",
      state: "healthy",
    });
    const call = await cli.run(["call", "web__echo", "text=over http"]);
    expect(call).toEqual({ code: 0, stdout: "over http\n", stderr: "" });
  });

  it("remote-only flags are refused for a local server and the other way round", async () => {
    const r = await cli.run(["add", "x", "--header", "A=b", "--", "node"]);
    expect(r).toMatchObject({
      code: 2,
      stderr: "error: --header and --transport are for remote servers (--url)\n",
    });
    const l = await cli.run(["add", "x", "--url", server.mcpUrl, "--env", "A=b"]);
    expect(l).toMatchObject({
      code: 2,
      stderr: "error: --env and --cwd are for local servers (-- <command>), not --url\n",
    });
  });
});

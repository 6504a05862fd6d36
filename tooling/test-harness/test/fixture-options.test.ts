import { describe, expect, it } from "vitest";
import { type FixtureOptions, fixtureArgs, fixtureStdioConfig, parseFixtureArgs } from "../src/index.js";

describe("fixture options as command-line flags", () => {
  it("round-trips every option through fixtureArgs and parseFixtureArgs", () => {
    const options: Required<FixtureOptions> = {
      name: "n",
      paginate: 3,
      tools: 40,
      stdoutGarbage: true,
      stderrNoise: true,
      exitOnStart: true,
      token: "t o k",
      status: 503,
      sseOnly: true,
      jsonResponse: true,
      host: "::1",
      port: 0,
    };
    expect(parseFixtureArgs(["--http", ...fixtureArgs(options)])).toEqual({ transport: "http", options });
    expect(parseFixtureArgs(fixtureArgs({}))).toEqual({ transport: "stdio", options: {} });
  });

  it("leaves false switches out", () => {
    expect(fixtureArgs({ stdoutGarbage: false, paginate: 2 })).toEqual(["--paginate", "2"]);
  });

  it("refuses unknown flags, missing values and bad numbers", () => {
    expect(() => parseFixtureArgs(["--paginat", "2"])).toThrow(/unknown flag "--paginat"/);
    expect(() => parseFixtureArgs(["--paginate"])).toThrow(/--paginate needs a value/);
    expect(() => parseFixtureArgs(["--tools", "-1"])).toThrow(/non-negative integer/);
  });

  it("builds an mcpServers entry that runs the built bin with node", () => {
    const config = fixtureStdioConfig({ paginate: 4 });
    expect(config.command).toBe(process.execPath);
    expect(config.args.slice(1)).toEqual(["--stdio", "--paginate", "4"]);
    expect(config.args[0]).toMatch(/dist[\\/]fixture-server\.js$/);
  });
});

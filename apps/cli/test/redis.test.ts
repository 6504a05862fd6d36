import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { fixtureStdioConfig, freePort } from "@mcpstore/test-harness";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { assertFreshBuild, type CliHome, cliHome } from "./cli-process.js";

// The shared harness servers are never flushed: every test works in a namespace of its own.
const namespace = () => `t-cli-${randomBytes(4).toString("hex")}`;
let cli: CliHome;
beforeAll(() => {
  assertFreshBuild();
  cli = cliHome();
});
afterAll(() => cli.cleanup());

describe("a registry kept in Redis", () => {
  it("two invocations share it: add in one, list, call and stats in the next ones; no file is written", async () => {
    const redis = ["--redis", inject("redis").url, "--namespace", namespace()];
    const f = fixtureStdioConfig();
    const added = await cli.run([...redis, "add", "fx", "--", f.command, ...f.args]);
    expect(added).toMatchObject({ code: 0, stdout: "Added fx (stdio): healthy, 11 tools\n" });
    expect(existsSync(cli.configPath)).toBe(false);

    // The URL may come from the environment too.
    const list = await cli.run(["list", "--json", "--namespace", redis[3]!], {
      env: { MCPSTORE_REDIS_URL: inject("redis").url },
    });
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout)).toMatchObject([{ name: "fx", state: "healthy", toolCount: 11 }]);

    expect((await cli.run([...redis, "call", "echo", "text=shared"])).stdout).toBe("shared\n");
    expect((await cli.run([...redis, "call", "fail"])).code).toBe(1);
    const stats = await cli.run([...redis, "stats", "--json"]);
    expect(stats.stderr).toBe("");
    const rows = JSON.parse(stats.stdout) as { name: string; calls: number; errors: number }[];
    expect(rows.find((r) => r.name === "fx__echo")).toMatchObject({ calls: 1, errors: 0 });
    expect(rows.find((r) => r.name === "fx__fail")).toMatchObject({ calls: 1, errors: 1 });

    const doctor = await cli.run([...redis, "doctor", "--json"]);
    expect(doctor.code).toBe(0);
    const report = JSON.parse(doctor.stdout) as {
      checks: { check: string; status: string; detail: string }[];
    };
    expect(report.checks.find((c) => c.check === "storage")).toMatchObject({
      status: "ok",
      detail: expect.stringMatching(/: redis, ok; namespace t-cli-\w+, dataspace default$/),
    });

    expect((await cli.run([...redis, "remove", "fx"])).code).toBe(0);
    expect((await cli.run([...redis, "list", "--json"])).stdout).toBe("[]\n");
  });

  it("Sentinel and Cluster flags reach the same kind of registry", async () => {
    const s = inject("redisSentinel");
    const sentinel = [
      "--sentinel",
      s.sentinels.map((n) => `${n.host}:${n.port}`).join(","),
      "--sentinel-name",
      s.name,
      "--namespace",
      namespace(),
    ];
    const viaSentinel = await cli.run([...sentinel, "doctor", "--json"]);
    expect(viaSentinel.code).toBe(0);
    expect(viaSentinel.stdout).toContain("redis-sentinel, ok");
    const c = inject("redisCluster");
    const cluster = ["--cluster", `${c.nodes[0]!.host}:${c.nodes[0]!.port}`, "--namespace", namespace()];
    const viaCluster = await cli.run([...cluster, "list", "--json"]);
    expect(viaCluster).toMatchObject({ code: 0, stdout: "[]\n" });
  });
});

describe("storage mistakes", () => {
  it("an unreachable Redis exits 4 and never prints its password", async () => {
    const url = `redis://:s3cret-pw@127.0.0.1:${await freePort()}`;
    const r = await cli.run(["--redis", url, "list"]);
    expect(r.code).toBe(4);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^error: Redis is unreachable \(redis:\/\/:\*\*\*@127\.0\.0\.1:\d+\)/);
    expect(r.stderr).not.toContain("s3cret-pw");
    expect(r.stderr.split("\n").filter(Boolean)).toHaveLength(1);
    // --debug adds the stack trace (still without the password).
    const debug = await cli.run(["--redis", url, "--debug", "list"]);
    expect(debug.code).toBe(4);
    expect(debug.stderr).toMatch(/\n +at /);
    expect(debug.stderr).not.toContain("s3cret-pw");
    const json = await cli.run(["--redis", url, "--json", "list"]);
    expect(JSON.parse(json.stdout)).toMatchObject({ error: { code: "STORAGE_UNREACHABLE", exitCode: 4 } });
  });

  it("a wrong password exits 4 without showing it", async () => {
    const { host, port } = inject("redisWithPassword");
    const r = await cli.run(["--redis", `redis://:wrong-pw@${host}:${port}`, "list"]);
    expect(r.code).toBe(4);
    expect(r.stderr).not.toContain("wrong-pw");
    expect(r.stderr.split("\n").filter(Boolean)).toHaveLength(1);
  });

  it("a wrong Sentinel master name exits 4 and names it", async () => {
    const s = inject("redisSentinel");
    const r = await cli.run([
      "--sentinel",
      s.sentinels.map((n) => `${n.host}:${n.port}`).join(","),
      "--sentinel-name",
      "no-such-master",
      "list",
    ]);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain("no-such-master");
    expect(r.stderr.split("\n").filter(Boolean)).toHaveLength(1);
  });

  it("flag mistakes: two storages, --sentinel without a name, a bad node; dataspace auto warns", async () => {
    const both = await cli.run(["--redis", "redis://127.0.0.1:1", "--cluster", "127.0.0.1:2", "list"]);
    expect(both).toMatchObject({
      code: 2,
      stderr: "error: give one of --redis, --sentinel or --cluster, not --redis and --cluster\n",
    });
    const noName = await cli.run(["--sentinel", "127.0.0.1:26379", "list"]);
    expect(noName.stderr).toBe(
      "error: --sentinel needs --sentinel-name <master name> (the name the Sentinels monitor)\n",
    );
    const badNode = await cli.run(["--cluster", "localhost", "list"]);
    expect(badNode.stderr).toBe('error: --cluster: "localhost" is not host:port (e.g. 127.0.0.1:26379)\n');
    const auto = await cli.run(["--redis", inject("redis").url, "--dataspace", "auto", "list", "--json"]);
    expect(auto.code).toBe(0);
    expect(auto.stderr).toContain(
      'dataspace "auto" is deleted when this command exits: nothing will persist',
    );
    expect(auto.stdout).toBe("[]\n");
  });
});

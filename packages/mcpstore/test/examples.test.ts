import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
// The harness declares what the global setup provides (`inject("redis")` etc.).
import type {} from "@mcpstore/test-harness";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createRedisAdapter } from "../src/index.js";
import { runExample } from "./run-example.js";

type Adapter = Awaited<ReturnType<typeof createRedisAdapter>>;
let redis: Adapter;
beforeAll(async () => {
  redis = await createRedisAdapter({ url: inject("redis").url });
});
afterAll(async () => {
  await redis.close();
});

const unique = (label: string) => `${label}_${randomBytes(3).toString("hex")}`;
const ok = (run: { code: number | null; stdout: string; stderr: string }) => {
  expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
  return run.stdout;
};
const dataspaceIn = (out: string, namespace: string) =>
  new RegExp(`${namespace}:(auto-[0-9a-z]+):services:`).exec(out)?.[1];

describe.concurrent("the guide's examples, run as documented", { timeout: 180_000 }, () => {
  it("example 1: npx -y howtocook-mcp + Redis", async () => {
    const out = ok(await runExample("01-local-service-redis.ts", { REDIS_URL: inject("redis").url }));
    expect(out).toContain("服务状态: healthy");
    expect(out).toContain('已注册服务: ["howtocook"]');
    expect(out).toContain("howtocook__mcp_howtocook_getAllRecipes");
    expect(out).toMatch(/调用结果: \{"content":\[\{"type":"text"/);
    for (const suffix of [
      "services:howtocook:config",
      "services:howtocook:cache",
      "services:howtocook:state",
    ]) {
      expect(out).toContain(suffix);
    }
    expect(out).toContain("tools:howtocook__mcp_howtocook_getAllRecipes:info");
    expect(out).toContain("tools:howtocook__mcp_howtocook_getAllRecipes:stats");
    // Its auto dataspace is gone after close.
    const dataspace = dataspaceIn(out, "bendi");
    expect(dataspace).toBeTruthy();
    expect(await redis.scanPrefix(`bendi:${dataspace}:`)).toEqual([]);
  });

  it("example 2: a remote streamable-HTTP service + Redis", async () => {
    const out = ok(await runExample("02-remote-service-redis.ts", { REDIS_URL: inject("redis").url }));
    expect(out).toContain("服务状态: healthy (transport: streamable-http)");
    expect(out).toContain('已注册服务: ["weather"]');
    expect(out).toContain("weather__echo");
    expect(out).toContain("Echo: 北京");
    expect(out).toContain("services:weather:config");
  });

  it("multi-store sharing across two processes", async () => {
    const namespace = unique("shared");
    const out = ok(
      await runExample("03-multi-store-sharing.ts", {
        REDIS_URL: inject("redis").url,
        EXAMPLE_NAMESPACE: namespace,
      }),
    );
    expect(out).toContain('[store2] 已注册服务: ["howtocook v1"]');
    expect(out).toMatch(/\[store2\] 工具 \(last-known catalog, stale=(true|false)\): 5/);
    expect(out).toMatch(/\[store2\] 调用结果: \{"content"/);
    expect(out).toContain("[store1] instances that reported a state:");
    expect(await redis.scanPrefix(`${namespace}:workspace1:services:`)).toEqual([
      `${namespace}:workspace1:services:howtocook:config`,
    ]); // only the removal marker is left
  });

  it("namespace isolation", async () => {
    const out = ok(await runExample("04-namespace-isolation.ts", { REDIS_URL: inject("redis").url }));
    expect(out).toMatch(/\[app_a auto-\S+\] 服务: \["howtocook"\]/);
    expect(out).toMatch(/\[app_b auto-\S+\] 服务: \[\]/);
    expect(out).toContain('[app_a:team] 服务: ["only_a"]');
    expect(out).toContain("[app_b:team] 服务: []");
  });

  it("auto versus fixed dataspace", async () => {
    const dataspace = unique("ws");
    const out = ok(
      await runExample("05-auto-vs-fixed-dataspace.ts", {
        REDIS_URL: inject("redis").url,
        EXAMPLE_DATASPACE: dataspace,
      }),
    );
    expect(out).toMatch(/\[auto auto-\S+\] 服务: 1/);
    expect(out).toMatch(/\[auto auto-\S+ after close\] 服务: 0/);
    expect(out).toContain(`[fixed ${dataspace} in a new store] 服务: ["remote"]`);
  });

  it("Sentinel", async () => {
    const info = inject("redisSentinel");
    const out = ok(
      await runExample("06-sentinel.ts", {
        REDIS_SENTINELS: info.sentinels.map((s) => `${s.host}:${s.port}`).join(","),
        REDIS_SENTINEL_NAME: info.name,
        ...(info.password ? { REDIS_PASSWORD: info.password } : {}),
      }),
    );
    expect(out).toMatch(/存储: \{"kind":"redis-sentinel"|存储: \{"kind":"redis/);
    expect(out).toContain("服务状态: healthy");
    expect(out).toMatch(/调用结果: \{"content"/);
    expect(out).toContain(":services:howtocook:config");
  });

  it("Cluster", async () => {
    const info = inject("redisCluster");
    const out = ok(
      await runExample("07-cluster.ts", {
        REDIS_CLUSTER: info.nodes.map((n) => `${n.host}:${n.port}`).join(","),
        ...(info.password ? { REDIS_PASSWORD: info.password } : {}),
      }),
    );
    expect(out).toContain("服务状态: healthy");
    // Every key of the dataspace carries the hash tag {namespace:dataspace}.
    expect(out).toMatch(/\{default:auto-[0-9a-z]+\}:services:howtocook:config/);
  });

  it("memory storage and the fallback when Redis is unreachable", async () => {
    const run = await runExample("08-memory-and-fallback.ts", {});
    const out = ok(run);
    expect(out).toContain('[memory] 存储: {"kind":"memory","state":"ok","status":"ok","queued":0}');
    expect(out).toMatch(/\[memory\] 调用结果: \{"content"/);
    expect(out).toMatch(
      /\[fallback\] 存储: \{"kind":"memory","state":"memory-fallback","status":"memory-fallback"/,
    );
    expect(run.stderr).toMatch(/unreachable.*memory/s);
    expect(out).toContain('[fallback: "error"] STORAGE_UNREACHABLE');
  });

  it("the quick start prints exactly the output the README shows", async () => {
    const out = ok(await runExample("index.ts", { REDIS_URL: "" }, { dir: "quickstart" }));
    const readme = await readFile(new URL("../../../README.md", import.meta.url), "utf8");
    const shown = /<!-- quickstart-output -->\n```text\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(shown, "README.md has no quickstart-output block").toBeDefined();
    expect(out).toBe(shown);
  });

  it("the Sentinel and Cluster examples without their variables say which to set, exit 1, no stack", async () => {
    const runs = await Promise.all([
      runExample("06-sentinel.ts", { REDIS_SENTINELS: "" }, { timeoutMs: 60_000 }),
      runExample("07-cluster.ts", { REDIS_CLUSTER: "" }, { timeoutMs: 60_000 }),
    ]);
    expect(runs.map((r) => [r.code, r.stdout, r.stderr])).toEqual([
      [
        1,
        "",
        "Set REDIS_SENTINELS to run this example, e.g.\n" +
          "  REDIS_SENTINELS=127.0.0.1:26379 REDIS_SENTINEL_NAME=mymaster pnpm --filter @mcpstore/examples example:sentinel\n",
      ],
      [
        1,
        "",
        "Set REDIS_CLUSTER to run this example, e.g.\n" +
          "  REDIS_CLUSTER=127.0.0.1:7000,127.0.0.1:7001 pnpm --filter @mcpstore/examples example:cluster\n",
      ],
    ]);
  });
});

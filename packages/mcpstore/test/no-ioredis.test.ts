import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { fixtureStdioConfig } from "@mcpstore/test-harness";
import { describe, expect, it } from "vitest";

// The published build, as users load it: the point is what `import "mcpstore"` pulls in, which the
// source aliases of the other tests would hide. `pnpm test` builds first (`pnpm run check`).
const dist = (file: string) => fileURLToPath(new URL(`../dist/${file}`, import.meta.url));
const here = (file: string) => fileURLToPath(new URL(`./no-ioredis/${file}`, import.meta.url));

/** Runs node with `flags`, then `script entry fixture ...extra`; the hook fails the run if ioredis is resolved. */
function run(flags: string[], script: string, entry: string, extra: string[] = []) {
  if (!existsSync(dist(entry))) {
    throw new Error(`${dist(entry)} is missing: run \`pnpm --filter mcpstore... build\` first`);
  }
  const fixture = JSON.stringify(fixtureStdioConfig());
  const result = spawnSync(process.execPath, [...flags, here(script), dist(entry), fixture, ...extra], {
    encoding: "utf8",
    timeout: 60_000,
    env: { ...process.env, NODE_OPTIONS: "" },
  });
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}

describe("a memory-only program never loads ioredis", { timeout: 90_000 }, () => {
  it("ESM: import from mcpstore, setupStore, addService, listTools", () => {
    const esm = run(["--import", here("register.mjs")], "memory-path.mjs", "index.js");
    expect(esm.out).toMatch(/^storage: memory, tools: \d+\n$/);
    expect(esm.code).toBe(0);
  });

  it("CJS: require of mcpstore, the same path", () => {
    const cjs = run(["--require", here("require-hook.cjs")], "memory-path.cjs", "index.cjs");
    expect(cjs.out).toMatch(/^storage: memory, tools: \d+\n$/);
    expect(cjs.code).toBe(0);
  });

  it("the hook does catch ioredis once Redis is asked for (createRedisAdapter)", () => {
    const redis = run(["--import", here("register.mjs")], "memory-path.mjs", "index.js", ["redis"]);
    expect(redis.code).not.toBe(0);
    expect(redis.out).toContain("ioredis was loaded");
  });
});

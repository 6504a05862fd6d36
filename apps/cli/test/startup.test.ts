import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { assertFreshBuild, binPath } from "./cli-process.js";

const tracer = fileURLToPath(new URL("./fixtures/trace-loads.mjs", import.meta.url));

/** The module URLs `mcpstore <args>` loads (ESM; the store's CJS-free graph is all ESM). */
function loadedModules(args: string[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), "mcpstore-trace-"));
  const file = join(dir, "loads.txt");
  try {
    const r = spawnSync(process.execPath, ["--import", tracer, binPath, ...args], {
      env: { ...process.env, TRACE_LOADS_FILE: file },
      encoding: "utf8",
    });
    expect(r.status).toBe(0);
    return readFileSync(file, "utf8").split("\n").filter(Boolean);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

beforeAll(() => assertFreshBuild());

describe("startup stays cheap", () => {
  it("--version loads no library at all", () => {
    const loaded = loadedModules(["--version"]);
    expect(loaded.filter((u) => u.includes("node_modules"))).toEqual([]);
    expect(loaded.some((u) => u.endsWith("/dist/bin.js"))).toBe(true);
  });

  it("--help loads commander but not the store, the MCP SDK or ioredis", () => {
    const loaded = loadedModules(["--help"]);
    expect(loaded.some((u) => u.includes("/commander/"))).toBe(true);
    for (const heavy of [
      "@modelcontextprotocol",
      "ioredis",
      "/packages/store/",
      "@mcpstore/store",
      "zod",
      "ajv",
    ]) {
      expect(loaded.filter((u) => u.includes(heavy))).toEqual([]);
    }
  });
});

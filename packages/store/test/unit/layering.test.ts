import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const src = fileURLToPath(new URL("../../src/", import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

it("never imports the Redis adapters or ioredis statically: a memory-only user never loads them", () => {
  const offenders = files(src).filter((file) => {
    const text = readFileSync(file, "utf8");
    return (
      /^\s*(import|export)\s[^;]*from\s+["'](@mcpstore\/storage-redis|ioredis)["']/m.test(text) &&
      !/^\s*import\s+type\s/m.test(text.match(/^.*(@mcpstore\/storage-redis|ioredis).*$/m)?.[0] ?? "")
    );
  });
  expect(offenders).toEqual([]);
  // The one place that loads them does so with a dynamic import, on demand.
  expect(readFileSync(join(src, "core/open-storage.ts"), "utf8")).toMatch(/await import\(specifier\)/);
});

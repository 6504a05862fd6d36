import type { Options } from "tsup";

/**
 * The one build shape every public package shares: ESM + CJS + .d.ts for both,
 * Node 20 target, no bundled dependencies (they stay real dependencies).
 */
export function packageBuild(entry: Record<string, string> | string[], overrides: Options = {}): Options {
  return {
    entry,
    format: ["esm", "cjs"],
    dts: true,
    sourcemap: true,
    clean: true,
    target: "node20",
    platform: "node",
    splitting: false,
    treeshake: true,
    ...overrides,
  };
}

import { defineConfig } from "tsup";
import { packageBuild } from "../../tsup.base.js";

export default defineConfig([
  packageBuild({ index: "src/index.ts" }),
  // The bin is ESM only and carries the shebang; the library entry stays dual. Splitting keeps each
  // command (and what it imports) in its own chunk, loaded on demand: `--version` loads almost nothing.
  packageBuild(
    { bin: "src/bin.ts" },
    { format: ["esm"], dts: false, clean: false, splitting: true, banner: { js: "#!/usr/bin/env node" } },
  ),
]);

import { defineConfig } from "tsup";
import { packageBuild } from "../../tsup.base.js";

export default defineConfig([
  packageBuild({ index: "src/index.ts" }),
  // The bin is ESM only and carries the shebang; the library entry stays dual.
  packageBuild(
    { bin: "src/bin.ts" },
    { format: ["esm"], dts: false, clean: false, banner: { js: "#!/usr/bin/env node" } },
  ),
]);

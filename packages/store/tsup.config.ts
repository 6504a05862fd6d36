import { defineConfig } from "tsup";
import { packageBuild } from "../../tsup.base.js";

// stripInternal: members marked `@internal` (StoreContext.create) stay out of the published types, and
// with them the internal classes they mention.
export default defineConfig(
  packageBuild({ index: "src/index.ts" }, { dts: { compilerOptions: { stripInternal: true } } }),
);

import { defineConfig } from "vitest/config";

// One run over every package; the test harness's global setup starts each Redis topology once for all.
export default defineConfig({
  test: {
    projects: ["packages/*", "apps/*", "tooling/*"],
    globalSetup: ["tooling/test-harness/src/redis/global-setup.ts"],
  },
});

import { RedisHarnessError } from "./errors.js";

export const MODE_ENV = "MCPSTORE_TEST_REDIS";

export type RedisHarnessMode = { name: "binary" } | { name: "container" } | { name: "external"; url: string };

/**
 * Reads `MCPSTORE_TEST_REDIS`: unset or `binary` (redis-server processes), `container` (testcontainers for
 * the standalone servers) or `external:<redis url>` (that server is the shared standalone one).
 */
export function redisHarnessMode(value = process.env[MODE_ENV]): RedisHarnessMode {
  const trimmed = value?.trim() ?? "";
  if (trimmed === "" || trimmed === "binary") return { name: "binary" };
  if (trimmed === "container") return { name: "container" };
  if (trimmed.startsWith("external:")) {
    const url = trimmed.slice("external:".length);
    if (!/^rediss?:\/\/./.test(url)) {
      throw new RedisHarnessError(
        "REDIS_HARNESS_BAD_MODE",
        `${MODE_ENV}=external:<url> needs a redis:// or rediss:// URL, got "${url}"`,
      );
    }
    return { name: "external", url };
  }
  throw new RedisHarnessError(
    "REDIS_HARNESS_BAD_MODE",
    `${MODE_ENV}="${trimmed}" is not a mode; use binary (default), container or external:<redis url>`,
  );
}

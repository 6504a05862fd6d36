import { randomBytes } from "node:crypto";
import type { StandaloneRedisInfo } from "./connection-info.js";
import { startContainerRedis } from "./container-standalone.js";
import { useExternalRedis } from "./external-standalone.js";
import type { RedisHarnessMode } from "./harness-mode.js";
import { startStandaloneRedis } from "./standalone.js";

/** A shared topology: the info tests receive, and how the global teardown ends it. */
export interface SharedTopology<Info> {
  info: Info;
  stop(): Promise<void>;
}

/** The shared standalone server in the chosen mode. */
export async function sharedStandalone(
  mode: RedisHarnessMode,
  withPassword: boolean,
): Promise<SharedTopology<StandaloneRedisInfo>> {
  const password = withPassword ? `pw-${randomBytes(8).toString("hex")}` : undefined;
  const options = password === undefined ? {} : { password };
  if (mode.name === "external" && !withPassword) {
    return { info: await useExternalRedis(mode.url), stop: async () => {} };
  }
  if (mode.name === "container") return startContainerRedis(options);
  return startStandaloneRedis(options);
}

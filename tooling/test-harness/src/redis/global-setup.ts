import type { TestProject } from "vitest/node";
import { startRedisCluster } from "./cluster.js";
import { installExitCleanup } from "./exit-cleanup.js";
import { redisHarnessMode } from "./harness-mode.js";
import { projectsUsingHarness } from "./harness-users.js";
import type { RedisProvidedContext } from "./provided-context.js";
import { reapRunRoot, reapStaleRunRoots } from "./reaper.js";
import { beginRun, endRun } from "./run-root.js";
import { startRedisSentinel } from "./sentinel.js";
import { type SharedTopology, sharedStandalone } from "./shared-topologies.js";

/**
 * Vitest global setup (root vitest.config.ts): starts each shared Redis topology once per run, in
 * parallel, and provides their connection info to every project (`inject("redis")` etc.). The teardown
 * stops them and then kills whatever else the run started under its run root, workers' servers included.
 * Runs whose projects do not use the harness start nothing. Set MCPSTORE_TEST_REDIS_VERBOSE=1 to print
 * start-up times.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const setupStarted = performance.now();
  const mode = redisHarnessMode();
  await reapStaleRunRoots();
  const verbose = process.env.MCPSTORE_TEST_REDIS_VERBOSE !== undefined;
  if (projectsUsingHarness(project).length === 0) {
    if (verbose)
      console.log("[redis harness] no project of this run uses the harness: no shared Redis started");
    return async () => {};
  }
  const root = beginRun();
  installExitCleanup();
  const timings: Record<string, number> = {};
  const timed = async <T>(name: string, start: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await start();
    timings[name] = Math.round(performance.now() - started);
    return result;
  };

  const started = await Promise.allSettled([
    timed("standalone", () => sharedStandalone(mode, false)),
    timed("standaloneWithPassword", () => sharedStandalone(mode, true)),
    timed("cluster", () => startRedisCluster()),
    timed("sentinel", () => startRedisSentinel()),
  ]);
  const topologies = started.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
  const teardown = async () => {
    await Promise.allSettled(topologies.map((topology: SharedTopology<unknown>) => topology.stop()));
    await reapRunRoot(root);
    endRun(root);
  };
  const failures = started.flatMap((result) => (result.status === "rejected" ? [result.reason] : []));
  if (failures.length > 0) {
    await teardown();
    const reasons = failures.map((failure) => (failure instanceof Error ? failure.message : String(failure)));
    throw failures.length === 1
      ? failures[0]
      : new AggregateError(failures, `Redis global setup failed:\n- ${[...new Set(reasons)].join("\n- ")}`);
  }
  const [standalone, withPassword, cluster, sentinel] = topologies as [
    SharedTopology<RedisProvidedContext["redis"]>,
    SharedTopology<RedisProvidedContext["redisWithPassword"]>,
    SharedTopology<RedisProvidedContext["redisCluster"]>,
    SharedTopology<RedisProvidedContext["redisSentinel"]>,
  ];
  project.provide("redis", standalone.info);
  project.provide("redisWithPassword", withPassword.info);
  project.provide("redisCluster", cluster.info);
  project.provide("redisSentinel", sentinel.info);
  project.provide("redisMode", mode.name);
  timings.globalSetup = Math.round(performance.now() - setupStarted);
  if (verbose) console.log(`[redis harness] run root ${root}, start-up ms: ${JSON.stringify(timings)}`);
  return teardown;
}

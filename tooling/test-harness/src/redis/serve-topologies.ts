/**
 * Starts Redis topologies and keeps them up until SIGINT/SIGTERM; prints one JSON line with their
 * connection info and server pids. For poking at a topology by hand, and for the harness's own teardown
 * test (which kills this process and checks nothing is left behind).
 *
 *   tsx src/redis/serve-topologies.ts [standalone] [cluster] [sentinel]
 */
import { startRedisCluster } from "./cluster.js";
import type { RedisServerNode } from "./redis-server-process.js";
import { currentRunRoot } from "./run-root.js";
import { startRedisSentinel } from "./sentinel.js";
import { startStandaloneRedis } from "./standalone.js";

const KINDS = ["standalone", "cluster", "sentinel"] as const;
type Kind = (typeof KINDS)[number];

const requested = process.argv.slice(2);
const unknown = requested.filter((kind) => !(KINDS as readonly string[]).includes(kind));
if (unknown.length > 0) {
  console.error(`unknown topology: ${unknown.join(", ")} (choose from ${KINDS.join(", ")})`);
  process.exit(2);
}
const kinds: readonly Kind[] = requested.length > 0 ? (requested as Kind[]) : ["standalone"];

const handles = await Promise.all(
  kinds.map(async (kind) => {
    if (kind === "standalone") {
      const handle = await startStandaloneRedis();
      return { kind, info: handle.info, nodes: [handle.node], stop: handle.stop };
    }
    if (kind === "cluster") {
      const handle = await startRedisCluster();
      return { kind, info: handle.info, nodes: handle.nodes, stop: handle.stop };
    }
    const handle = await startRedisSentinel();
    return { kind, info: handle.info, nodes: [...handle.dataNodes, ...handle.sentinels], stop: handle.stop };
  }),
);

const pids = handles.flatMap((handle) => handle.nodes.map((node: RedisServerNode) => node.pid));
console.log(
  JSON.stringify({
    root: currentRunRoot(),
    pids,
    topologies: Object.fromEntries(handles.map((handle) => [handle.kind, handle.info])),
  }),
);

const shutdown = async () => {
  await Promise.all(handles.map((handle) => handle.stop()));
  process.exit(0);
};
process.once("SIGINT", shutdown);
process.once("SIGTERM", shutdown);
// Keep running until a signal arrives.
setInterval(() => {}, 60_000);

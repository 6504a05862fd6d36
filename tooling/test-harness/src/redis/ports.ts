import { createServer } from "node:net";
import { freePort } from "../free-port.js";

/**
 * A free loopback port for a redis server; with `clusterBus`, port + 10000 (the Cluster bus) is free too.
 * Nothing is held: redis may still lose the race for it, and the caller retries with another port.
 */
export async function freeRedisPort(options: { clusterBus: boolean }): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await freePort();
    if (!options.clusterBus || (await isBindable(port + 10_000))) return port;
  }
  throw new Error("freeRedisPort: no port found whose cluster bus port (+10000) is free too");
}

function isBindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

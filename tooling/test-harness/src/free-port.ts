import { createServer } from "node:net";

/**
 * A loopback port nobody listens on right now. At most `max` (55535 by default) so that a Redis Cluster
 * node's bus port, port + 10000, stays a valid port.
 */
export async function freePort(max = 55535): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.unref();
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => {
        const address = server.address();
        server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
      });
    });
    if (port > 0 && port <= max) return port;
  }
  throw new Error(`freePort: no free loopback port at or below ${max} after 50 tries`);
}

import { createConnection, createServer, type Socket } from "node:net";

export interface LatencyProxy {
  /** The port to connect to instead of the target's. */
  readonly port: number;
  readonly host: string;
  /** Stops listening and cuts every connection. */
  close(): Promise<void>;
}

/**
 * A TCP proxy on loopback that delays every chunk by `delayMs` in each direction, so a server on this
 * machine answers as if it were that far away (order is kept: each chunk waits behind the previous).
 */
export async function startLatencyProxy(
  target: { host: string; port: number },
  delayMs: number,
): Promise<LatencyProxy> {
  const sockets = new Set<Socket>();
  const track = (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
    s.on("error", () => s.destroy());
  };
  const delayed = (from: Socket, to: Socket) => {
    let last = Promise.resolve();
    from.on("data", (chunk) => {
      last = last
        .then(() => new Promise((r) => setTimeout(r, delayMs)))
        .then(() => {
          if (!to.destroyed) to.write(chunk);
        });
    });
    from.on("end", () => void last.then(() => to.end()));
    from.on("close", () => void last.then(() => to.destroy()));
  };
  const server = createServer((client) => {
    const upstream = createConnection(target);
    track(client);
    track(upstream);
    delayed(client, upstream);
    delayed(upstream, client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    port,
    host: "127.0.0.1",
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

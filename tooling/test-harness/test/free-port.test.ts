import { createServer } from "node:net";
import { expect, it } from "vitest";
import { freePort } from "../src/index.js";

it("returns a bindable loopback port at or below the cluster-bus limit", async () => {
  const port = await freePort();
  expect(port).toBeLessThanOrEqual(55535);
  await new Promise<void>((resolve, reject) => {
    const s = createServer().once("error", reject);
    s.listen(port, "127.0.0.1", () => s.close(() => resolve()));
  });
});

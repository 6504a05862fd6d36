// Sets up a store on Redis, closes it, reports when, then lets the process end on its own: the parent
// measures how long it lingers (timers, sockets left behind by close()).
import { MCPStore } from "@mcpstore/store";

const [redisJson] = process.argv.slice(2);
const store = await MCPStore.setupStore({ redis: JSON.parse(redisJson!), fallback: "error" });
await store.close();
console.log(
  JSON.stringify({
    closedAt: Date.now(),
    // Sockets being closed need a few ms to go; anything still there 100 ms later was left behind
    // (read from an immediate: inside its own callback a timer is still listed).
    resources: await new Promise((resolve) =>
      setTimeout(() => setImmediate(() => resolve(process.getActiveResourcesInfo())), 100),
    ),
  }),
);

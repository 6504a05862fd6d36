// Runs one setupStore that is expected to fail, reports the error and when it arrived, then lets the
// process end on its own: the parent measures how long it lingers (timers, sockets left behind).
import { MCPStore } from "@mcpstore/store";

const [redisJson, fallback] = process.argv.slice(2);
const started = Date.now();
try {
  const store = await MCPStore.setupStore({
    redis: JSON.parse(redisJson!),
    ...(fallback ? { fallback: fallback as "error" | "memory" } : {}),
  });
  console.log(JSON.stringify({ resolved: true, memoryFallback: store.storageStatus }));
  await store.close();
} catch (error) {
  const e = error as { code?: string; message: string };
  console.log(
    JSON.stringify({
      code: e.code,
      message: e.message,
      ms: Date.now() - started,
      rejectedAt: Date.now(),
      // Sockets being closed need a few ms to go; anything still there 100 ms later was left behind.
      // (read from an immediate: inside its own callback a timer is still listed).
      resources: await new Promise((resolve) =>
        setTimeout(() => setImmediate(() => resolve(process.getActiveResourcesInfo())), 100),
      ),
    }),
  );
}

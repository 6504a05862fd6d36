// An instance that holds service "svc" and publishes its state with a short lease, says so, and
// then just lives on until the test kills it (SIGKILL: no close(), nothing withdrawn).
import { MCPStore, type RedisOptions } from "@mcpstore/store";

const [redisJson, leaseMs] = process.argv.slice(2);
const store = await MCPStore.setupStore({
  redis: JSON.parse(redisJson!) as RedisOptions,
  fallback: "error",
  // The store's internal timings (the same symbol the store reads).
  [Symbol.for("mcpstore.tuning")]: { instanceLeaseMs: Number(leaseMs) },
} as Parameters<typeof MCPStore.setupStore>[0]);
while (!(await store.forStore().listServices()).some((s) => s.name === "svc"))
  await new Promise((r) => setTimeout(r, 20));
console.log(JSON.stringify({ ready: true, instanceId: store.instanceId }));
setInterval(() => {}, 60_000);

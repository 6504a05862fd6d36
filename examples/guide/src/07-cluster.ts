// Redis Cluster (beyond the guide): every key of a dataspace carries the hash tag {namespace:dataspace},
// so one dataspace lives in one slot and its writes stay atomic.
//   REDIS_CLUSTER=127.0.0.1:7000,127.0.0.1:7001 pnpm --filter @mcpstore/examples example:cluster
import { MCPStore } from "mcpstore";
import { exitWith, nodesFromEnv, preview, printKeys } from "./shared.js";

const EXAMPLE =
  "REDIS_CLUSTER=127.0.0.1:7000,127.0.0.1:7001 pnpm --filter @mcpstore/examples example:cluster";

const store = await MCPStore.setupStore({
  redis: {
    cluster: nodesFromEnv("REDIS_CLUSTER", EXAMPLE),
    ...(process.env.REDIS_PASSWORD ? { password: process.env.REDIS_PASSWORD } : {}),
    namespace: "default",
    dataspace: "auto",
  },
  fallback: "error",
}).catch((error: Error) => exitWith(`${error.message}\nCheck REDIS_CLUSTER. Example:\n  ${EXAMPLE}`));
console.log(`存储: ${JSON.stringify(store.storageStatus)}`);
await store
  .forStore()
  .addService({ mcpServers: { howtocook: { command: "npx", args: ["-y", "howtocook-mcp"] } } });
console.log(`服务状态: ${(await store.forStore().waitService("howtocook")).state}`);
const result = await store.forStore().useTool("mcp_howtocook_getAllRecipes", {});
console.log(`调用结果: ${preview(result, 120)}`);
await printKeys(store);
await store.close();

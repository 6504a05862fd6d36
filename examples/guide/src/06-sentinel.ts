// Redis Sentinel (beyond the guide): the same store on a master found through sentinels.
//   REDIS_SENTINELS=127.0.0.1:26379 REDIS_SENTINEL_NAME=mymaster pnpm --filter @mcpstore/examples example:sentinel
import { MCPStore } from "mcpstore";
import { exitWith, nodesFromEnv, preview, printKeys } from "./shared.js";

const EXAMPLE =
  "REDIS_SENTINELS=127.0.0.1:26379 REDIS_SENTINEL_NAME=mymaster pnpm --filter @mcpstore/examples example:sentinel";

const store = await MCPStore.setupStore({
  redis: {
    sentinels: nodesFromEnv("REDIS_SENTINELS", EXAMPLE),
    name: process.env.REDIS_SENTINEL_NAME ?? "mymaster",
    ...(process.env.REDIS_PASSWORD ? { password: process.env.REDIS_PASSWORD } : {}),
    namespace: "default",
    dataspace: "auto",
  },
  fallback: "error",
}).catch((error: Error) =>
  exitWith(`${error.message}\nCheck REDIS_SENTINELS and REDIS_SENTINEL_NAME. Example:\n  ${EXAMPLE}`),
);
console.log(`存储: ${JSON.stringify(store.storageStatus)}`);
await store
  .forStore()
  .addService({ mcpServers: { howtocook: { command: "npx", args: ["-y", "howtocook-mcp"] } } });
console.log(`服务状态: ${(await store.forStore().waitService("howtocook")).state}`);
const result = await store.forStore().useTool("mcp_howtocook_getAllRecipes", {});
console.log(`调用结果: ${preview(result, 120)}`);
await printKeys(store);
await store.close();

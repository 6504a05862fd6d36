// The guide's "不同应用隔离": different namespaces never see each other's data.
//   pnpm --filter @mcpstore/examples example:namespaces
import { MCPStore } from "mcpstore";
import { REDIS_URL } from "./shared.js";

// 应用 A / 应用 B
const storeA = await MCPStore.setupStore({
  redis: { url: REDIS_URL, namespace: "app_a", dataspace: "auto" },
});
const storeB = await MCPStore.setupStore({
  redis: { url: REDIS_URL, namespace: "app_b", dataspace: "auto" },
});

await storeA
  .forStore()
  .addService({ mcpServers: { howtocook: { command: "npx", args: ["-y", "howtocook-mcp"] } } });

console.log(
  `[app_a ${storeA.dataspace}] 服务: ${JSON.stringify((await storeA.forStore().listServices()).map((s) => s.name))}`,
);
console.log(
  `[app_b ${storeB.dataspace}] 服务: ${JSON.stringify((await storeB.forStore().listServices()).map((s) => s.name))}`,
);

// Even the same dataspace name under another namespace is a different place.
const sameA = await MCPStore.setupStore({ redis: { url: REDIS_URL, namespace: "app_a", dataspace: "team" } });
const sameB = await MCPStore.setupStore({ redis: { url: REDIS_URL, namespace: "app_b", dataspace: "team" } });
await sameA.forStore().addService({ mcpServers: { only_a: { url: "http://127.0.0.1:9/mcp" } } });
console.log(
  `[app_a:team] 服务: ${JSON.stringify((await sameA.forStore().listServices()).map((s) => s.name))}`,
);
console.log(
  `[app_b:team] 服务: ${JSON.stringify((await sameB.forStore().listServices()).map((s) => s.name))}`,
);
await sameA.forStore().removeService("only_a");

// store_a 和 store_b 的数据完全隔离
await Promise.all([storeA.close(), storeB.close(), sameA.close(), sameB.close()]);

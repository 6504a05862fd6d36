// The guide's example 1 — a local MCP service + Redis (示例 1：本地服务 + Redis).
//   pnpm --filter @mcpstore/examples example:1        (REDIS_URL defaults to redis://localhost:6379/0)
import { MCPStore } from "mcpstore";
import { preview, printKeys, REDIS_URL } from "./shared.js";

// 服务配置（本地 MCP 服务）: a local stdio service, started with npx.
const demoMcp = {
  mcpServers: {
    howtocook: {
      command: "npx",
      args: ["-y", "howtocook-mcp"],
    },
  },
};

// Redis 配置: the guide's config, field for field (snake_case names are accepted too).
const redisConfig = {
  url: REDIS_URL,
  password: null,
  namespace: "bendi", // 本地服务使用 "bendi" 命名空间
  dataspace: "auto",
  socketTimeout: 2.0,
  healthcheckInterval: 30,
};

// 初始化 Store
const store = await MCPStore.setupStore({ debug: process.env.EXAMPLE_DEBUG !== "0", redis: redisConfig });

// 添加服务
await store.forStore().addService(demoMcp);

// 等待服务就绪
const ws = await store.forStore().waitService("howtocook");
console.log(`服务状态: ${ws.state}`);

// 列出服务
const services = await store.forStore().listServices();
console.log(`已注册服务: ${JSON.stringify(services.map((s) => s.name))}`);

// 列出工具
const tools = await store.forStore().listTools();
console.log(`可用工具: ${JSON.stringify(tools.map((t) => t.name))}`);

// 调用工具 — by the tool's own name, as in the guide (it is unique here); its qualified name
// `howtocook__mcp_howtocook_getAllRecipes` works too.
const result = await store.forStore().useTool("mcp_howtocook_getAllRecipes", {});
console.log(`调用结果: ${preview(result)}`);

console.log(`存储: ${JSON.stringify(store.storageStatus)}`);
await printKeys(store);
// An auto dataspace is deleted on close (Q4: its data is not kept).
await store.close();

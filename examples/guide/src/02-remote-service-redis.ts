// The guide's example 2 — a remote (streamable HTTP) MCP service + Redis (示例 2：远程服务 + Redis).
//   pnpm --filter @mcpstore/examples example:2
// The guide uses the public weather service https://mcpstore.wiki/mcp and its tool get_current_weather.
// Here @modelcontextprotocol/server-everything on loopback stands in for it (set MCP_URL to use another
// server), and its `echo` tool stands in for the weather tool.
import { MCPStore } from "mcpstore";
import { preview, printKeys, REDIS_URL, startEverythingServer } from "./shared.js";

const local = process.env.MCP_URL ? undefined : await startEverythingServer();
const url = process.env.MCP_URL ?? local!.url;

// 服务配置（远程 MCP 服务）
const demoMcp = {
  mcpServers: {
    weather: {
      url,
    },
  },
};

// Redis 配置
const redisConfig = {
  url: REDIS_URL,
  password: null,
  namespace: "default", // 远程服务使用 "default" 命名空间
  dataspace: "auto",
  socketTimeout: 2.0,
  healthcheckInterval: 30,
};

try {
  // 初始化 Store
  const store = await MCPStore.setupStore({ debug: process.env.EXAMPLE_DEBUG !== "0", redis: redisConfig });

  // 添加服务
  await store.forStore().addService(demoMcp);

  // 等待服务就绪
  const ws = await store.forStore().waitService("weather");
  console.log(`服务状态: ${ws.state} (transport: ${ws.transport})`);

  // 列出服务
  const services = await store.forStore().listServices();
  console.log(`已注册服务: ${JSON.stringify(services.map((s) => s.name))}`);

  // 列出工具
  const tools = await store.forStore().listTools();
  console.log(`可用工具: ${JSON.stringify(tools.map((t) => t.name))}`);

  // 调用工具 (guide: use_tool('get_current_weather', {"query": "北京"}))
  const result = await store.forStore().useTool("echo", { message: "北京" });
  console.log(`调用结果: ${preview(result)}`);

  await printKeys(store);
  await store.close();
} finally {
  await local?.stop();
}

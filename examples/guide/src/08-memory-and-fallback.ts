// The guide's Q1 (Redis is optional: memory storage) and Q5 (Redis unreachable: a warning and memory).
//   pnpm --filter @mcpstore/examples example:memory
import { MCPStore } from "mcpstore";
import { preview } from "./shared.js";

// Q1: 不使用 Redis（仅内存存储）
const memory = await MCPStore.setupStore();
await memory
  .forStore()
  .addService({ mcpServers: { howtocook: { command: "npx", args: ["-y", "howtocook-mcp"] } } });
await memory.forStore().waitService("howtocook");
console.log(`[memory] 存储: ${JSON.stringify(memory.storageStatus)}`);
console.log(
  `[memory] 调用结果: ${preview(await memory.forStore().useTool("mcp_howtocook_getAllRecipes", {}), 120)}`,
);
await memory.close();

// Q5: Redis 连接失败 — the store still works, on memory, after a warning.
const unreachable = process.env.UNREACHABLE_REDIS_URL ?? "redis://127.0.0.1:1/0";
const fallback = await MCPStore.setupStore({ redis: { url: unreachable, socketTimeout: 0.5 } });
console.log(`[fallback] 存储: ${JSON.stringify(fallback.storageStatus)}`);
await fallback.close();

// …unless asked to fail instead.
try {
  await MCPStore.setupStore({ redis: { url: unreachable, socketTimeout: 0.5 }, fallback: "error" });
} catch (error) {
  console.log(`[fallback: "error"] ${(error as { code?: string }).code}`);
}

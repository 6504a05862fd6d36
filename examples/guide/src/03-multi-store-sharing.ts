// The guide's "多 Store 共享数据": two stores (here: two processes) with the same namespace and dataspace
// share service configs, caches and state.
//   pnpm --filter @mcpstore/examples example:multi-store
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { MCPStore } from "mcpstore";
import { preview, REDIS_URL } from "./shared.js";

const redisConfig = {
  url: REDIS_URL,
  namespace: process.env.EXAMPLE_NAMESPACE ?? "shared", // 相同的 namespace
  dataspace: "workspace1", // 相同的 dataspace
};

if (process.argv[2] === "--store2") {
  // Store 2（在另一个进程中）: it sees store 1's service at once, from Redis.
  const store2 = await MCPStore.setupStore({ redis: redisConfig });
  const seen = await store2.forStore().listServices();
  console.log(`[store2] 已注册服务: ${JSON.stringify(seen.map((s) => `${s.name} v${s.version}`))}`);
  const tools = await store2.forStore().listTools();
  console.log(`[store2] 工具 (last-known catalog, stale=${tools[0]?.stale}): ${tools.length}`);
  await store2.forStore().waitService("howtocook");
  const result = await store2.forStore().useTool("mcp_howtocook_getAllRecipes", {});
  console.log(`[store2] 调用结果: ${preview(result, 120)}`);
  await store2.close();
} else {
  // Store 1
  const store1 = await MCPStore.setupStore({ redis: redisConfig });
  await store1
    .forStore()
    .addService({ mcpServers: { howtocook: { command: "npx", args: ["-y", "howtocook-mcp"] } } });
  await store1.forStore().waitService("howtocook");
  console.log(`[store1] 已注册服务: howtocook (dataspace ${store1.namespace}:${store1.dataspace})`);

  const child = fork(fileURLToPath(import.meta.url), ["--store2"], { stdio: "inherit" });
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  if (code !== 0) throw new Error(`store2 exited with ${code}`);

  const state = await store1.forStore().getService("howtocook");
  console.log(`[store1] instances that reported a state: ${Object.keys(state.instances).length}`);
  // A fixed dataspace persists; remove the service so the example can run again from scratch.
  await store1.forStore().removeService("howtocook");
  await store1.close();
}

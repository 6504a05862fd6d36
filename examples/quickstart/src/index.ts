// MCPStore quick start: memory storage (no Redis), one local MCP service, one tool call.
//   pnpm start            (from the repository root; builds the packages first)
import { MCPStore } from "mcpstore";

const store = await MCPStore.setupStore();
await store
  .forStore()
  .addService({ mcpServers: { howtocook: { command: "npx", args: ["-y", "howtocook-mcp"] } } });
const service = await store.forStore().waitService("howtocook");
console.log(`${service.name}: ${service.state}, ${service.toolCount} tools`);

for (const tool of await store.forStore().listTools())
  console.log(`  ${tool.name} — ${tool.description.split("\n")[0]}`);

const result = await store.forStore().useTool("mcp_howtocook_whatToEat", { peopleCount: 2 });
const text = result.content.find((c) => c.type === "text")?.text ?? "";
console.log(`\nmcp_howtocook_whatToEat({ peopleCount: 2 }) → ${text.slice(0, 200)}…`);

console.log(await store.forStore().toolStats({ tool: "mcp_howtocook_whatToEat" }));
await store.close();

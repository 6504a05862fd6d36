// MCPStore quick start: memory storage (no Redis), one local MCP service, one tool call.
//   pnpm start                                  (from the repository root; builds the packages first)
//   REDIS_URL=redis://localhost:6379/0 pnpm start   (the same on Redis)
import { MCPStore } from "mcpstore";
import { summary, table } from "./print.js";

const redisUrl = process.env.REDIS_URL;
const store = await MCPStore.setupStore(redisUrl ? { redis: { url: redisUrl } } : {});
const ctx = store.forStore();
const storage = store.storageStatus;
console.log("MCPStore quick start\n");
console.log(
  storage.kind === "memory" && storage.state === "ok"
    ? "Storage:  memory (nothing is persisted; set REDIS_URL to share services across processes)"
    : `Storage:  ${storage.kind} (${storage.state})`,
);

const config = { command: "npx", args: ["-y", "howtocook-mcp"] };
await ctx.addService({ mcpServers: { howtocook: config } });
const service = await ctx.waitService("howtocook");
console.log(`Service:  howtocook (${config.command} ${config.args.join(" ")}) is ${service.state}`);

const tools = await ctx.listTools({ service: "howtocook" });
console.log(`Tools:    ${tools.length}`);
for (const tool of tools) console.log(`  ${tool.name}`);

const name = "howtocook__mcp_howtocook_getRecipesByCategory";
const args = { category: "水产" };
const result = await ctx.useTool(name, args);
const text = result.content.find((c) => c.type === "text")?.text ?? "";
console.log(`\nCall:     useTool("${name}", ${JSON.stringify(args)})`);
console.log(`Result:   ${summary(text)}`);

const stats = await ctx.toolStats({ service: "howtocook" });
console.log("\nStats:");
console.log(
  table(
    ["tool", "calls", "errors"],
    stats.filter((s) => s.calls > 0).map((s) => [s.originalName, String(s.calls), String(s.errors)]),
  ),
);
await store.close();

console.log(`
Try next:
  - Redis instead of memory:  REDIS_URL=redis://localhost:6379/0 pnpm start
  - the Redis guide's examples:  examples/README.md
  - the whole API:  packages/store/README.md`);

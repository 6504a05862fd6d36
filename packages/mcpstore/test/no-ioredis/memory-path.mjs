// A memory-only program through the built umbrella (ESM): setupStore, addService, listTools.
// argv: <entry of mcpstore> <fixture service config as JSON> [redis]
const [entry, fixture, mode] = process.argv.slice(2);
const { MCPStore, createRedisAdapter } = await import(entry);
if (mode === "redis") {
  // The control case: asking for Redis must load it (the hook then fails the program).
  await createRedisAdapter({ url: "redis://127.0.0.1:1" });
}
const store = await MCPStore.setupStore();
const ctx = store.forStore();
await ctx.addService({ mcpServers: { fixture: JSON.parse(fixture) } });
await ctx.waitService("fixture");
console.log(`storage: ${store.storageStatus.kind}, tools: ${(await ctx.listTools()).length}`);
await store.close();

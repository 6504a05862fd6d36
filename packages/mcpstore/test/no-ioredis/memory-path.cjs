// The same memory-only program through the built umbrella's CommonJS build.
const [entry, fixture] = process.argv.slice(2);
const { MCPStore } = require(entry);

(async () => {
  const store = await MCPStore.setupStore();
  const ctx = store.forStore();
  await ctx.addService({ mcpServers: { fixture: JSON.parse(fixture) } });
  await ctx.waitService("fixture");
  console.log(`storage: ${store.storageStatus.kind}, tools: ${(await ctx.listTools()).length}`);
  await store.close();
})().catch((error) => {
  console.error(error);
  process.exit(1);
});

import { fixtureStdioConfig } from "@mcpstore/test-harness";
import { it } from "vitest";
import { MCPStore } from "../../src/index.js";

it("dbg", { timeout: 20_000 }, async () => {
  const store = await MCPStore.setupStore({});
  const ctx = store.forStore();
  const t = (l: string) => console.log(l, Date.now() % 100000);
  await ctx.addService({ mcpServers: { fixture: fixtureStdioConfig() } });
  t("added");
  await ctx.waitService("fixture");
  t("waited");
  const updated = await ctx.updateService("fixture", { env: { EXTRA: "1" } });
  t("updated " + updated.version);
  await ctx.waitService("fixture");
  t("waited2");
  await ctx.restartService("fixture");
  t("restarted");
  await ctx.waitService("fixture");
  t("waited3");
  await ctx.removeService("fixture");
  t("removed");
  await store.close();
  t("closed");
});

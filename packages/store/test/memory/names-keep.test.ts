import { fixtureStdioConfig } from "@mcpstore/test-harness";
import { afterEach, describe, expect, it } from "vitest";
import { type Logger, MCPStore } from "../../src/index.js";

const stores: MCPStore[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
});

function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, debug() {}, info() {}, error() {}, warn: (m: string) => void warnings.push(m) };
}

describe("qualified tool names keep when other services come and go", () => {
  it("a non-ASCII service's names do not change when another is added; a collision is reported", async () => {
    const logger = recordingLogger();
    const store = await MCPStore.setupStore({ logger });
    stores.push(store);
    const ctx = store.forStore();
    await ctx.addService({ mcpServers: { 天气: fixtureStdioConfig() } });
    await ctx.waitService("天气");
    const before = (await ctx.listTools()).map((t) => t.name);
    expect(before).toContain("svc_4d947325__echo");

    await ctx.addService({ mcpServers: { 新闻: fixtureStdioConfig() } });
    await ctx.waitService("新闻");
    const after = await ctx.listTools();
    expect(after.filter((t) => t.service === "天气").map((t) => t.name)).toEqual(before);
    expect(after.find((t) => t.service === "新闻" && t.originalName === "echo")?.name).toBe(
      "svc_d39567b2__echo",
    );
    expect((await ctx.useTool("svc_4d947325__echo", { text: "晴" })).content).toEqual([
      { type: "text", text: "晴" },
    ]);
    expect(logger.warnings).toEqual([]);

    // A service literally named like 天气's mapped name: the name stays with 天气, the newcomer's
    // clashing tools are left out and the clash is logged.
    await ctx.addService({ mcpServers: { svc_4d947325: fixtureStdioConfig() } });
    await ctx.waitService("svc_4d947325");
    const third = await ctx.listTools();
    expect(third.filter((t) => t.service === "天气").map((t) => t.name)).toEqual(before);
    expect(third.filter((t) => t.service === "svc_4d947325")).toEqual([]);
    expect(logger.warnings).toContain(
      'tool name conflict: "svc_4d947325__echo" already names tool "echo" of service "天气", so tool "echo" ' +
        'of service "svc_4d947325" is not exposed. Rename one of the services to reach both.',
    );
  }, 30_000);
});

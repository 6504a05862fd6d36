import { fixtureStdioConfig } from "@mcpstore/test-harness";
import { afterEach, describe, expect, it } from "vitest";
import { MCPStore } from "../../src/index.js";

const stores: MCPStore[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
});

/** Options as JavaScript may pass them: no type checking. */
const loose = (value: unknown) => value as never;

describe("public option objects are checked at run time", () => {
  it("useTool, readResource and getPrompt reject bad options at once, naming the option", async () => {
    const store = await MCPStore.setupStore();
    stores.push(store);
    const ctx = store.forStore();
    await ctx.addService({ mcpServers: { fx: fixtureStdioConfig() } });
    await ctx.waitService("fx");
    const started = performance.now();
    await expect(ctx.useTool("fx__echo", { text: "x" }, loose({ timeoutMs: "5000" }))).rejects.toThrow(
      'Invalid options:\n  - timeoutMs: must be a positive number of ms (got "5000")',
    );
    await expect(ctx.useTool("fx__echo", { text: "x" }, loose({ timeout: 5 }))).rejects.toThrow(
      "timeout: unknown option (use timeoutMs, signal)",
    );
    await expect(ctx.useTool("fx__echo", loose("hello"))).rejects.toThrow(
      "args: must be an object of the tool's arguments",
    );
    await expect(ctx.useTool("fx__echo", {}, loose({ signal: 1 }))).rejects.toThrow(
      "signal: must be an AbortSignal",
    );
    await expect(ctx.readResource("fixture://x", loose({ timeoutMs: 0 }))).rejects.toMatchObject({
      code: "OPTIONS_INVALID",
    });
    await expect(ctx.getPrompt("greet", {}, loose({ services: "fx" }))).rejects.toThrow(
      "services: unknown option",
    );
    expect(performance.now() - started).toBeLessThan(500);
    expect((await ctx.toolStats({ service: "fx" })).every((s) => s.calls === 0)).toBe(true);
  });

  it("events() rejects an unknown event type instead of matching nothing", async () => {
    const store = await MCPStore.setupStore();
    stores.push(store);
    expect(() => store.events(loose({ types: ["service.add"] }))).toThrow(
      '- types: "service.add" is not an event type; use "service.added", "service.updated", ' +
        '"service.removed", "service.state", "tools.changed", "storage.status"',
    );
    expect(() => store.events(loose({ bufferSize: -1 }))).toThrow("bufferSize: must be a positive integer");
  });
});

import { fixtureStdioConfig } from "@mcpstore/test-harness";
import { afterEach, describe, expect, it } from "vitest";
import { MCPStore, ServiceUnavailableError } from "../../src/index.js";

const stores: MCPStore[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
});
async function setup(): Promise<MCPStore> {
  const store = await MCPStore.setupStore({ logger: { debug() {}, info() {}, warn() {}, error() {} } });
  stores.push(store);
  return store;
}

describe("calling a tool of a service that exists but is not ready", () => {
  it("right after addService says the service is connecting and to waitService, at once", async () => {
    const ctx = (await setup()).forStore();
    await ctx.addService({ mcpServers: { svc: fixtureStdioConfig() } });
    const started = performance.now();
    const error = await ctx.useTool("svc__echo", { text: "hi" }).catch((e: unknown) => e);
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error).toMatchObject({ code: "SERVICE_UNAVAILABLE", service: "svc", state: "initializing" });
    expect((error as Error).message).toBe(
      'Tool "svc__echo" cannot be called yet: service "svc" is still connecting (no tools listed yet) ' +
        '(state: initializing). Wait for it with waitService("svc") before calling its tools.',
    );
    expect(elapsed).toBeLessThan(100);
    // Once it is ready, the same name works.
    await ctx.waitService("svc");
    expect((await ctx.useTool("svc__echo", { text: "hi" })).content).toEqual([{ type: "text", text: "hi" }]);
  });

  it("for a command that does not exist names the state, the last error and the next retry", async () => {
    const ctx = (await setup()).forStore();
    await ctx.addService({ mcpServers: { ghost: { command: "mcpstore-no-such-command-xyz" } } });
    await ctx.waitService("ghost", { state: "unreachable", timeoutMs: 10_000 });
    const started = performance.now();
    const error = await ctx.useTool("ghost__echo", {}).catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(100);
    expect(error).toMatchObject({ code: "SERVICE_UNAVAILABLE", service: "ghost", state: "unreachable" });
    const message = (error as Error).message;
    expect(message).toMatch(
      /^Tool "ghost__echo" cannot be called yet: service "ghost" is unreachable and has never listed its tools \(state: unreachable\)\. Last error: .*mcpstore-no-such-command-xyz.*\. Next retry in \d+ s\. Retrying will not fix this: correct the service's config \(updateService\("ghost", ...\)\)\.$/s,
    );
  });

  it("an original name while services connect is still not found, and the message names them", async () => {
    const ctx = (await setup()).forStore();
    await ctx.addService({ mcpServers: { svc: fixtureStdioConfig() } });
    const error = await ctx.useTool("echo", {}).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "TOOL_NOT_FOUND" });
    expect((error as Error).message).toBe(
      'Tool "echo" not found. No tools are available. Still connecting, without tools yet: svc (initializing); ' +
        "waitService(name) waits for one.",
    );
  });

  it("a typo of a ready service's tool stays TOOL_NOT_FOUND", async () => {
    const ctx = (await setup()).forStore();
    await ctx.addService({ mcpServers: { svc: fixtureStdioConfig() } });
    await ctx.waitService("svc");
    await expect(ctx.useTool("svc__ecoh", {})).rejects.toMatchObject({ code: "TOOL_NOT_FOUND" });
  });
});

import { fixtureStdioConfig, waitFor } from "@mcpstore/test-harness";
import { afterEach, describe, expect, it } from "vitest";
import { MCPStore, type StoreEvent, TOOL_NAME_PATTERN } from "../../src/index.js";

const stores: MCPStore[] = [];
async function setup(options: Parameters<typeof MCPStore.setupStore>[0] = {}): Promise<MCPStore> {
  const store = await MCPStore.setupStore(options);
  stores.push(store);
  return store;
}
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
});

describe("a memory store with a real stdio MCP server", () => {
  it("adds, waits, lists, calls tools and reports stats", async () => {
    const store = await setup();
    const ctx = store.forStore();
    const added = await ctx.addService({ mcpServers: { fixture: fixtureStdioConfig() } });
    expect(added.map((s) => s.name)).toEqual(["fixture"]);

    const ready = await ctx.waitService("fixture");
    expect(ready.state).toBe("healthy");
    expect(ready.toolCount).toBeGreaterThan(5);

    expect((await ctx.listServices()).map((s) => [s.name, s.owner.kind, s.type])).toEqual([
      ["fixture", "store", "stdio"],
    ]);
    const tools = await ctx.listTools();
    const add = tools.find((t) => t.originalName === "add");
    expect(add).toMatchObject({ name: "fixture__add", service: "fixture", stale: false });
    for (const t of tools) expect(t.name).toMatch(TOOL_NAME_PATTERN);

    const byQualified = await ctx.useTool("fixture__add", { a: 2, b: 3 });
    expect(byQualified.structuredContent).toEqual({ sum: 5 });
    const byOriginal = await ctx.callTool("echo", { text: "hi" });
    expect(byOriginal.content).toEqual([{ type: "text", text: "hi" }]);
    const failed = await ctx.useTool("fail", { message: "nope" });
    expect(failed.isError).toBe(true);
    await expect(ctx.useTool("throw", {})).rejects.toMatchObject({ code: "TOOL_CALL_FAILED" });

    const stats = await ctx.toolStats({ service: "fixture" });
    const byName = Object.fromEntries(stats.map((s) => [s.originalName, s]));
    expect(byName.add).toMatchObject({ calls: 1, errors: 0 });
    expect(byName.fail).toMatchObject({ calls: 1, errors: 1 });
    expect(byName.throw).toMatchObject({ calls: 1, errors: 1 });
    expect(byName.echo?.lastCalledAt).toBeGreaterThan(0);
    expect(byName.stats).toMatchObject({ calls: 0, lastCalledAt: undefined });
  });

  it("refuses unknown tool names with the nearest ones and never calls a guess", async () => {
    const store = await setup();
    const ctx = store.forStore();
    await ctx.addService({ mcpServers: { fixture: fixtureStdioConfig() } });
    await ctx.waitService("fixture");
    const error = await ctx.useTool("fixture__ad", { a: 1, b: 1 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "TOOL_NOT_FOUND" });
    expect((error as { nearest: string[] }).nearest).toContain("fixture__add");
    expect((await ctx.toolStats({ service: "fixture" })).every((s) => s.calls === 0)).toBe(true);
  });

  it("resolves an ambiguous original name only by qualified name, naming every candidate", async () => {
    const store = await setup();
    const ctx = store.forStore();
    await ctx.addService({ mcpServers: { one: fixtureStdioConfig(), two: fixtureStdioConfig() } });
    await Promise.all([ctx.waitService("one"), ctx.waitService("two")]);
    const error = await ctx.useTool("echo", { text: "x" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "TOOL_AMBIGUOUS" });
    expect((error as { candidates: { service: string }[] }).candidates.map((c) => c.service).sort()).toEqual([
      "one",
      "two",
    ]);
    expect((await ctx.useTool("two__echo", { text: "x" })).content).toEqual([{ type: "text", text: "x" }]);
    expect(await ctx.listTools({ service: "one" })).toHaveLength((await ctx.listTools()).length / 2);
  });

  it("passes timeouts and abort signals through to the call", async () => {
    const store = await setup();
    const ctx = store.forStore();
    await ctx.addService({ mcpServers: { fixture: fixtureStdioConfig() } });
    await ctx.waitService("fixture");
    await expect(ctx.useTool("slow", { ms: 10_000 }, { timeoutMs: 50 })).rejects.toMatchObject({
      code: "TOOL_TIMEOUT",
    });
    const ac = new AbortController();
    const call = ctx.useTool("slow", { ms: 10_000 }, { signal: ac.signal });
    ac.abort(new Error("changed my mind"));
    await expect(call).rejects.toMatchObject({ code: "TOOL_ABORTED" });
  });

  it("updates, restarts and removes services, emitting events on the bus and the iterator", async () => {
    const store = await setup();
    const ctx = store.forStore();
    const seen: StoreEvent[] = [];
    store.on("*", (e) => seen.push(e));
    const iterator = store.events({ types: ["service.removed"] });

    await ctx.addService({ mcpServers: { fixture: fixtureStdioConfig() } });
    await ctx.waitService("fixture");
    const updated = await ctx.updateService("fixture", { env: { EXTRA: "1" } });
    expect(updated.version).toBe(2);
    expect(updated.config.env).toEqual({ EXTRA: "***" });
    await ctx.waitService("fixture");
    await ctx.restartService("fixture");
    await ctx.waitService("fixture");
    await ctx.removeService("fixture");
    expect(await ctx.listServices()).toEqual([]);
    expect(await ctx.listTools()).toEqual([]);

    const removed = await iterator.next();
    expect(removed.value).toMatchObject({ type: "service.removed", service: "fixture", remote: false });
    const types = new Set(seen.map((e) => e.type));
    for (const t of [
      "service.added",
      "service.updated",
      "service.state",
      "tools.changed",
      "service.removed",
    ]) {
      expect(types).toContain(t);
    }
    await expect(ctx.removeService("fixture")).rejects.toMatchObject({ code: "SERVICE_NOT_FOUND" });
    await expect(ctx.updateService("nope", {})).rejects.toMatchObject({ code: "SERVICE_NOT_FOUND" });
  });

  it("says the last state and last error when waitService times out", async () => {
    const store = await setup();
    const ctx = store.forStore();
    await ctx.addService({ mcpServers: { broken: fixtureStdioConfig({ exitOnStart: true }) } });
    const error = await ctx.waitService("broken", { timeoutMs: 1_500 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "SERVICE_WAIT_TIMEOUT", service: "broken" });
    const e = error as { lastState: string; lastError?: string; message: string };
    expect(["reconnecting", "unreachable", "initializing"]).toContain(e.lastState);
    expect(e.message).toContain(`last state: ${e.lastState}`);
    await waitFor(async () => (await ctx.getService("broken")).lastError !== undefined, {
      description: "a last error on the broken service",
    });
    const info = await ctx.getService("broken");
    expect(info.lastError).toBeTruthy();
  });

  it("treats adding the same definition again as a no-op and documents the other ifExists choices", async () => {
    const store = await setup();
    const ctx = store.forStore();
    const cfg = fixtureStdioConfig();
    await ctx.addService({ mcpServers: { fixture: cfg } });
    const again = await ctx.addService({ mcpServers: { fixture: cfg } });
    expect(again[0]?.version).toBe(1);
    const other = { ...cfg, env: { A: "1" } };
    await expect(
      ctx.addService({ mcpServers: { fixture: other } }, { ifExists: "error" }),
    ).rejects.toMatchObject({
      code: "SERVICE_EXISTS",
    });
    expect((await ctx.addService({ mcpServers: { fixture: other } }, { ifExists: "keep" }))[0]?.version).toBe(
      1,
    );
    expect((await ctx.addService({ mcpServers: { fixture: other } }))[0]?.version).toBe(2);
  });

  it("rejects bad configs with the offending field and changes nothing", async () => {
    const store = await setup();
    const ctx = store.forStore();
    await expect(
      ctx.addService({ mcpServers: { ok: fixtureStdioConfig(), bad: { url: 42 } } }),
    ).rejects.toMatchObject({
      code: "CONFIG_INVALID",
    });
    expect(await ctx.listServices()).toEqual([]);
    // Every mistake in a service definition (its name or a field) has one code.
    await expect(ctx.addService({ mcpServers: { "a/b": fixtureStdioConfig() } })).rejects.toMatchObject({
      code: "CONFIG_INVALID",
    });
    await expect(ctx.addService({ mcpServers: { "": fixtureStdioConfig() } })).rejects.toMatchObject({
      code: "CONFIG_INVALID",
    });
    // An update must not be silently dropped: fields the service kind does not have are refused.
    await ctx.addService({ mcpServers: { remote: { url: "http://127.0.0.1:9/mcp" } } });
    await expect(ctx.updateService("remote", { env: { A: "1" } })).rejects.toMatchObject({
      code: "CONFIG_INVALID",
      issues: [{ path: "patch.env", message: "not a field of a remote service" }],
    });
    await expect(ctx.updateService("remote", { url: "not a url" })).rejects.toMatchObject({
      code: "CONFIG_INVALID",
    });
    expect((await ctx.getService("remote")).version).toBe(1);
  });
});

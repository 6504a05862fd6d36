import { fixtureStdioConfig } from "@mcpstore/test-harness";
import { afterEach, describe, expect, it } from "vitest";
import { MCPStore } from "../../src/index.js";

let store: MCPStore | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

describe("agent isolation", () => {
  it("lets two agents reuse a local name; each sees and calls only its own; the store sees all with owners", async () => {
    store = await MCPStore.setupStore();
    const alice = store.forAgent("alice");
    const bob = store.forAgent("bob");
    expect(store.forAgent("alice")).toBe(alice);

    await alice.addService({ mcpServers: { tools: fixtureStdioConfig({ name: "alice-fixture" }) } });
    await bob.addService({
      mcpServers: { tools: fixtureStdioConfig({ name: "bob-fixture" }), extra: fixtureStdioConfig() },
    });
    await store.forStore().addService({ mcpServers: { shared: fixtureStdioConfig() } });
    await Promise.all([alice.waitService("tools"), bob.waitService("tools"), bob.waitService("extra")]);

    expect((await alice.listServices()).map((s) => s.name)).toEqual(["tools"]);
    expect((await bob.listServices()).map((s) => s.name)).toEqual(["extra", "tools"]);
    const all = await store.forStore().listServices();
    expect(all.map((s) => [s.name, s.localName, s.owner])).toEqual([
      ["alice/tools", "tools", { kind: "agent", agentId: "alice" }],
      ["bob/extra", "extra", { kind: "agent", agentId: "bob" }],
      ["bob/tools", "tools", { kind: "agent", agentId: "bob" }],
      ["shared", "shared", { kind: "store" }],
    ]);

    // Alice's tools carry her local service name; "echo" is unique for her, ambiguous for bob.
    expect(
      (await alice.listTools()).every((t) => t.service === "tools" && t.name.startsWith("tools__")),
    ).toBe(true);
    expect((await alice.useTool("echo", { text: "a" })).content).toEqual([{ type: "text", text: "a" }]);
    await expect(bob.useTool("echo", { text: "b" })).rejects.toMatchObject({ code: "TOOL_AMBIGUOUS" });
    expect((await bob.useTool("tools__echo", { text: "b" })).content).toEqual([{ type: "text", text: "b" }]);

    // Nobody reaches another agent's (or the store's) services.
    await expect(alice.useTool("extra__echo", { text: "x" })).rejects.toMatchObject({
      code: "TOOL_NOT_FOUND",
    });
    await expect(alice.useTool("shared__echo", { text: "x" })).rejects.toMatchObject({
      code: "TOOL_NOT_FOUND",
    });
    await expect(alice.getService("extra")).rejects.toMatchObject({ code: "SERVICE_NOT_FOUND" });
    await expect(alice.removeService("extra")).rejects.toMatchObject({ code: "SERVICE_NOT_FOUND" });

    // The store view reaches everything, under store-view names.
    const storeTools = await store.forStore().listTools({ service: "alice/tools" });
    expect(storeTools.length).toBeGreaterThan(0);
    const echo = storeTools.find((t) => t.originalName === "echo")!;
    expect(echo.name).toBe("alice_tools_c4350ce9__echo");
    expect((await store.forStore().useTool(echo.name, { text: "s" })).content).toEqual([
      { type: "text", text: "s" },
    ]);

    // Stats are shared by both views of one tool.
    const [aliceEcho] = await alice.toolStats({ tool: "tools__echo" });
    expect(aliceEcho?.calls).toBe(2);

    await alice.removeService("tools");
    expect(await alice.listServices()).toEqual([]);
    expect((await bob.listServices()).map((s) => s.name)).toEqual(["extra", "tools"]);
  });

  it("rejects invalid agent ids", async () => {
    store = await MCPStore.setupStore();
    expect(() => store!.forAgent("")).toThrow(/agentId/);
    expect(() => store!.forAgent("a/b")).toThrow(/agentId/);
  });
});

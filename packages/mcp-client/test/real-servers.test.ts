import { fileURLToPath } from "node:url";
import { parseServiceDefinitions, ServiceConnection, type ServiceDefinition } from "@mcpstore/mcp-client";
import { waitFor } from "@mcpstore/test-harness";
import { afterEach, describe, expect, it } from "vitest";
import { type EverythingServer, everythingBin, startEverything } from "./support/everything.js";
import { fastOptions } from "./support/options.js";
import { commandLine, groupMembers, isAlive, processTree } from "./support/processes.js";
import { firstText, recordTransitions } from "./support/record.js";

// npx finds howtocook-mcp in this package's node_modules/.bin when run from here: no network needed.
const packageDir = fileURLToPath(new URL("..", import.meta.url));

const open: ServiceConnection[] = [];
const servers: EverythingServer[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function connect(def: ServiceDefinition): ServiceConnection {
  const c = new ServiceConnection(def, fastOptions({ connectTimeoutMs: 60_000 }));
  open.push(c);
  return c;
}

describe("howtocook-mcp (npm) over stdio, started the guide's way: npx -y howtocook-mcp", () => {
  const [howtocook] = parseServiceDefinitions({
    mcpServers: { howtocook: { command: "npx", args: ["-y", "howtocook-mcp"], cwd: packageDir } },
  });

  it("connects, lists its tools and calls mcp_howtocook_getAllRecipes", async () => {
    const c = connect(howtocook!);
    const seen = recordTransitions(c);
    await c.start();
    expect(seen.list).toEqual(["initializing→healthy"]);
    expect(c.info().serverInfo?.name).toBe("howtocook-mcp");
    expect(c.catalog!.tools.map((t) => t.name)).toContain("mcp_howtocook_getAllRecipes");
    const result = await c.callTool("mcp_howtocook_getAllRecipes", {});
    const recipes = JSON.parse(firstText(result)) as { name: string }[];
    expect(recipes.length).toBeGreaterThan(100);
    expect(recipes[0]!.name).toMatch(/做法/);
  });

  it.skipIf(process.platform !== "linux")(
    "close leaves no process of the npx → sh → node tree behind",
    async () => {
      const c = connect(howtocook!);
      await c.start();
      const pid = c.info().pid!;
      // npx runs the bin through a shell; wait until the node server itself is up in the tree.
      const tree = await waitFor(
        () => {
          const t = processTree(pid);
          return t.some((p) => p !== pid && /howtocook-mcp/.test(commandLine(p))) && t;
        },
        { description: "howtocook-mcp node process under npx" },
      );
      expect(tree.length).toBeGreaterThanOrEqual(2);
      expect(commandLine(pid)).toMatch(/npx|npm/);
      expect(groupMembers(pid).sort()).toEqual([...tree].sort());

      await c.close();

      expect(tree.filter(isAlive)).toEqual([]);
      expect(groupMembers(pid)).toEqual([]);
      expect(c.state).toBe("disconnected");
    },
  );
});

describe("@modelcontextprotocol/server-everything (npm)", () => {
  it("over stdio: tools, resources (every page), templates, prompts, calls", async () => {
    const c = connect({
      name: "everything",
      type: "stdio",
      command: process.execPath,
      args: [everythingBin, "stdio"],
      env: {},
    });
    await c.start();
    expect(c.state).toBe("healthy");
    const catalog = c.catalog!;
    expect(catalog.tools.map((t) => t.name)).toEqual(expect.arrayContaining(["echo", "get-sum"]));
    expect(catalog.resources.length).toBeGreaterThan(0);
    expect(catalog.resourceTemplates.length).toBeGreaterThan(0);
    expect(catalog.prompts.length).toBeGreaterThan(0);
    expect(firstText(await c.callTool("echo", { message: "hello" }))).toBe("Echo: hello");
    expect(firstText(await c.callTool("get-sum", { a: 2, b: 40 }))).toMatch(/42/);
    const first = catalog.resources[0]!;
    const read = await c.readResource(first.uri);
    expect(read.contents[0]?.uri).toBe(first.uri);
    const simple = catalog.prompts.find((p) => !p.arguments?.some((a) => a.required));
    if (simple) expect((await c.getPrompt(simple.name)).messages.length).toBeGreaterThan(0);
  });

  it.each(["streamableHttp", "sse"] as const)("over %s", async (mode) => {
    const server = await startEverything(mode);
    servers.push(server);
    const url = mode === "sse" ? `${server.url}/sse` : `${server.url}/mcp`;
    const [def] = parseServiceDefinitions({ mcpServers: { everything: { url } } });
    const c = connect(def!);
    await c.start();
    expect(c.state).toBe("healthy");
    expect(c.transport).toBe(mode === "sse" ? "sse" : "streamable-http");
    expect(c.catalog!.tools.map((t) => t.name)).toContain("echo");
    expect(firstText(await c.callTool("echo", { message: mode }))).toBe(`Echo: ${mode}`);
    await expect(c.ping()).resolves.toBeUndefined();
    await c.close();
    expect(c.state).toBe("disconnected");
  });
});

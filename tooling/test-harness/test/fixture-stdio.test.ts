import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterEach, describe, expect, it } from "vitest";
import { type FixtureOptions, fixtureStdioConfig } from "../src/index.js";

const clients: Client[] = [];

async function connect(
  options: FixtureOptions = {},
): Promise<{ client: Client; transport: StdioClientTransport }> {
  const transport = new StdioClientTransport({ ...fixtureStdioConfig(options), stderr: "pipe" });
  const client = new Client({ name: "fixture-test", version: "1.0.0" });
  await client.connect(transport);
  clients.push(client);
  return { client, transport };
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});

describe("fixture server over stdio", () => {
  it("lists its tools and answers echo and add", async () => {
    const { client } = await connect();
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(
      expect.arrayContaining([
        "echo",
        "add",
        "slow",
        "fail",
        "throw",
        "crash",
        "big",
        "progress",
        "toggle_extra",
      ]),
    );
    expect(await client.callTool({ name: "echo", arguments: { text: "héllo" } })).toEqual({
      content: [{ type: "text", text: "héllo" }],
    });
    const sum = await client.callTool({ name: "add", arguments: { a: 2, b: 40 } });
    expect(sum.content).toEqual([{ type: "text", text: "42" }]);
    expect(sum.structuredContent).toEqual({ sum: 42 });
  });

  it("serves the readme resource and the greet prompt", async () => {
    const { client } = await connect();
    const { resources } = await client.listResources();
    expect(resources.map((resource) => resource.uri)).toContain("fixture://readme");
    const readme = await client.readResource({ uri: "fixture://readme" });
    expect(readme.contents[0]).toMatchObject({ uri: "fixture://readme", mimeType: "text/plain" });
    const prompt = await client.getPrompt({ name: "greet", arguments: { name: "Ada" } });
    expect(prompt.messages).toEqual([{ role: "user", content: { type: "text", text: "Hello, Ada!" } }]);
  });
});

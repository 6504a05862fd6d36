import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { ErrorCode, ToolListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import {
  type FixtureOptions,
  type FixtureStats,
  fixtureStdioConfig,
  fixtureToolPages,
  waitFor,
} from "../src/index.js";

const clients: Client[] = [];

async function connect(options: FixtureOptions = {}): Promise<Client> {
  const transport = new StdioClientTransport({ ...fixtureStdioConfig(options), stderr: "pipe" });
  const client = new Client({ name: "fixture-test", version: "1.0.0" });
  await client.connect(transport);
  clients.push(client);
  return client;
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});

async function stats(client: Client): Promise<FixtureStats> {
  return (await client.callTool({ name: "stats" })).structuredContent as unknown as FixtureStats;
}

describe("fixture server over stdio", { timeout: 30_000 }, () => {
  it("lists its tools and answers echo and add", async () => {
    const client = await connect();
    const { tools, nextCursor } = await client.listTools();
    expect(nextCursor).toBeUndefined();
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
    const client = await connect();
    const { resources } = await client.listResources();
    expect(resources.map((resource) => resource.uri)).toContain("fixture://readme");
    const readme = await client.readResource({ uri: "fixture://readme" });
    expect(readme.contents[0]).toMatchObject({ uri: "fixture://readme", mimeType: "text/plain" });
    const prompt = await client.getPrompt({ name: "greet", arguments: { name: "Ada" } });
    expect(prompt.messages).toEqual([{ role: "user", content: { type: "text", text: "Hello, Ada!" } }]);
  });

  it("pages tools/list with nextCursor when paginate is set", async () => {
    const client = await connect({ paginate: 10, tools: 25 });
    const pages = await fixtureToolPages(client);

    const names = pages.flat().map((tool) => tool.name);
    expect(pages.length).toBe(Math.ceil(names.length / 10));
    expect(pages.length).toBeGreaterThan(3);
    for (const page of pages.slice(0, -1)) expect(page).toHaveLength(10);
    expect(new Set(names).size).toBe(names.length);
    const fillers = Array.from({ length: 25 }, (_, i) => `filler_${String(i + 1).padStart(3, "0")}`);
    expect(names).toEqual(expect.arrayContaining(["echo", ...fillers]));
    expect(names.filter((name) => name.startsWith("filler_"))).toHaveLength(25);
    await expect(client.listTools({ cursor: "not-a-cursor" })).rejects.toMatchObject({
      code: ErrorCode.InvalidParams,
    });
  });

  it("pages resources/list and prompts/list with the same page size", async () => {
    const client = await connect({ paginate: 1 });
    const first = await client.listResources();
    expect(first.resources).toHaveLength(1);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await client.listResources({ cursor: first.nextCursor });
    expect(second.resources).toHaveLength(1);
    expect(second.resources[0]?.uri).not.toBe(first.resources[0]?.uri);
    const prompts = await client.listPrompts();
    expect(prompts.prompts.map((prompt) => prompt.name)).toEqual(["greet"]);
    expect(prompts.nextCursor).toBeUndefined();
  });

  it("adds and removes the extra tool on toggle_extra, announcing each change", async () => {
    const client = await connect();
    let announcements = 0;
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
      announcements++;
    });
    const toolNames = async () => (await client.listTools()).tools.map((tool) => tool.name);
    expect(await toolNames()).not.toContain("extra");

    await client.callTool({ name: "toggle_extra" });
    await waitFor(() => announcements === 1, { description: "the first list_changed" });
    expect(await toolNames()).toContain("extra");
    expect((await client.callTool({ name: "extra" })).content).toEqual([{ type: "text", text: "extra" }]);

    await client.callTool({ name: "toggle_extra" });
    await waitFor(() => announcements === 2, { description: "the second list_changed" });
    expect(await toolNames()).not.toContain("extra");
  });

  it("stops slow when its request is aborted, and counts the cancellation", async () => {
    const client = await connect();
    const controller = new AbortController();
    const call = client.callTool({ name: "slow", arguments: { ms: 600_000 } }, undefined, {
      signal: controller.signal,
    });
    await waitFor(async () => (await stats(client)).calls.slow === 1, {
      description: "the server to receive slow",
    });
    controller.abort(new Error("test gave up"));
    await expect(call).rejects.toThrow("test gave up");
    await waitFor(async () => (await stats(client)).cancelled === 1, {
      description: "the server to count the cancellation",
    });
  });

  it("answers slow after the delay when nobody cancels", async () => {
    const client = await connect();
    expect((await client.callTool({ name: "slow", arguments: { ms: 30 } })).content).toEqual([
      { type: "text", text: "waited 30 ms" },
    ]);
    expect((await stats(client)).cancelled).toBe(0);
  });

  it("never answers never_answer, and counts the cancellation a request timeout sends", async () => {
    const client = await connect();
    await expect(
      client.callTool({ name: "never_answer" }, undefined, { timeout: 200 }),
    ).rejects.toMatchObject({
      code: ErrorCode.RequestTimeout,
    });
    await waitFor(async () => (await stats(client)).cancelled === 1, {
      description: "the server to count the cancellation",
    });
  });

  it("fail answers isError, throw answers a JSON-RPC error, bad arguments are InvalidParams", async () => {
    const client = await connect();
    expect(await client.callTool({ name: "fail", arguments: { message: "nope" } })).toEqual({
      content: [{ type: "text", text: "nope" }],
      isError: true,
    });
    await expect(client.callTool({ name: "throw", arguments: { message: "boom" } })).rejects.toMatchObject({
      code: ErrorCode.InternalError,
      message: expect.stringContaining("boom"),
    });
    await expect(client.callTool({ name: "echo", arguments: { text: 42 } })).rejects.toMatchObject({
      code: ErrorCode.InvalidParams,
    });
    await expect(client.callTool({ name: "no_such_tool" })).rejects.toMatchObject({
      code: ErrorCode.InvalidParams,
    });
  });

  it("big answers exactly kb KiB", async () => {
    const client = await connect();
    const result = await client.callTool({ name: "big", arguments: { kb: 300 } });
    const [content] = result.content as { type: string; text: string }[];
    expect(content?.text).toHaveLength(300 * 1024);
    expect(Buffer.byteLength(content?.text ?? "")).toBe(300 * 1024);
  });

  it("crash ends the process, which the client sees as a closed connection", async () => {
    const client = await connect();
    let closed = false;
    client.onclose = () => {
      closed = true;
    };
    const call = client.callTool({ name: "crash", arguments: { code: 3 } });
    await expect(call).rejects.toMatchObject({ code: ErrorCode.ConnectionClosed });
    await waitFor(() => closed, { description: "the client to see the connection close" });
  });

  it("stays usable when stdout-garbage writes non-JSON lines, which the SDK client reports as errors", async () => {
    const transport = new StdioClientTransport({
      ...fixtureStdioConfig({ stdoutGarbage: true }),
      stderr: "pipe",
    });
    const client = new Client({ name: "fixture-test", version: "1.0.0" });
    const errors: Error[] = [];
    client.onerror = (error) => errors.push(error);
    clients.push(client);
    await client.connect(transport);
    expect((await client.callTool({ name: "echo", arguments: { text: "still here" } })).content).toEqual([
      { type: "text", text: "still here" },
    ]);
    await waitFor(() => errors.length >= 2, { description: "both garbage lines to be reported" });
    expect(errors).toHaveLength(2);
    expect(errors.every((error) => error instanceof SyntaxError)).toBe(true);
  });

  it("exit-on-start makes connect fail, with the reason on the server's stderr", async () => {
    const transport = new StdioClientTransport({
      ...fixtureStdioConfig({ exitOnStart: true }),
      stderr: "pipe",
    });
    let stderr = "";
    transport.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const client = new Client({ name: "fixture-test", version: "1.0.0" });
    await expect(client.connect(transport)).rejects.toMatchObject({ code: ErrorCode.ConnectionClosed });
    await waitFor(() => stderr.includes("exit-on-start"), { description: "the exit message on stderr" });
  });
});

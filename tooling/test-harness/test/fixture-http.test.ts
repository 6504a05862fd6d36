import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { ErrorCode, ToolListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import {
  type FixtureHttpOptions,
  type FixtureHttpServer,
  fixtureToolPages,
  startFixtureHttpServer,
  waitFor,
} from "../src/index.js";

const servers: FixtureHttpServer[] = [];
const clients: Client[] = [];

afterEach(async () => {
  await Promise.allSettled(clients.splice(0).map((client) => client.close()));
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(options: FixtureHttpOptions = {}): Promise<FixtureHttpServer> {
  const server = await startFixtureHttpServer(options);
  servers.push(server);
  return server;
}

type Kind = "streamable" | "sse";

function transportFor(kind: Kind, url: string, headers: Record<string, string> = {}): Transport {
  return kind === "streamable"
    ? new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } })
    : new SSEClientTransport(new URL(url), { requestInit: { headers } });
}

async function connect(transport: Transport): Promise<Client> {
  const client = new Client({ name: "fixture-test", version: "1.0.0" });
  clients.push(client);
  await client.connect(transport);
  return client;
}

const endpointOf = (kind: Kind, server: FixtureHttpServer) =>
  kind === "streamable" ? server.mcpUrl : server.sseUrl;

describe.each<Kind>(["streamable", "sse"])("fixture server over %s HTTP", { timeout: 30_000 }, (kind) => {
  it("lists tools and answers echo, add and big", async () => {
    const server = await start();
    const client = await connect(transportFor(kind, endpointOf(kind, server)));
    expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(
      expect.arrayContaining(["echo", "add", "slow", "toggle_extra"]),
    );
    expect((await client.callTool({ name: "echo", arguments: { text: kind } })).content).toEqual([
      { type: "text", text: kind },
    ]);
    expect((await client.callTool({ name: "add", arguments: { a: -1, b: 0.5 } })).structuredContent).toEqual({
      sum: -0.5,
    });
    const [big] = (await client.callTool({ name: "big", arguments: { kb: 64 } })).content as {
      text: string;
    }[];
    expect(big?.text).toHaveLength(64 * 1024);
  });

  it("delivers tools/list_changed after toggle_extra", async () => {
    const server = await start();
    const client = await connect(transportFor(kind, endpointOf(kind, server)));
    let announced = false;
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
      announced = true;
    });
    await client.callTool({ name: "toggle_extra" });
    await waitFor(() => announced, { description: "list_changed" });
    expect((await client.listTools()).tools.map((tool) => tool.name)).toContain("extra");
  });

  it("counts a slow call cancelled by an aborted request", async () => {
    const server = await start();
    const client = await connect(transportFor(kind, endpointOf(kind, server)));
    const controller = new AbortController();
    const call = client.callTool({ name: "slow", arguments: { ms: 600_000 } }, undefined, {
      signal: controller.signal,
    });
    await waitFor(async () => (await server.stats()).calls.slow === 1, {
      description: "the server to receive slow",
    });
    controller.abort(new Error("gave up"));
    await expect(call).rejects.toThrow("gave up");
    await waitFor(async () => (await server.stats()).cancelled === 1, {
      description: "the cancellation to be counted",
    });
  });

  it("answers 401 without the bearer token and serves with it", async () => {
    const server = await start({ token: "s3cret" });
    await expect(connect(transportFor(kind, endpointOf(kind, server)))).rejects.toMatchObject({ code: 401 });
    const client = await connect(
      transportFor(kind, endpointOf(kind, server), { Authorization: "Bearer s3cret" }),
    );
    expect((await client.callTool({ name: "echo", arguments: { text: "in" } })).content).toEqual([
      { type: "text", text: "in" },
    ]);
  });

  it.each([404, 500])("answers every request with a forced %i", async (status) => {
    const server = await start({ status });
    await expect(connect(transportFor(kind, endpointOf(kind, server)))).rejects.toMatchObject({
      code: status,
    });
    expect((await server.stats()).sessions).toBe(0);
  });
});

describe("fixture server over HTTP, transport specifics", { timeout: 30_000 }, () => {
  it("pages tools/list over streamable HTTP", async () => {
    const server = await start({ paginate: 5, tools: 12 });
    const client = await connect(transportFor("streamable", server.mcpUrl));
    const pages = await fixtureToolPages(client);
    const names = pages.flat().map((tool) => tool.name);
    expect(pages.length).toBe(Math.ceil(names.length / 5));
    expect(pages.length).toBeGreaterThan(1);
    expect(names.filter((name) => name.startsWith("filler_"))).toHaveLength(12);
  });

  it("answers plain JSON bodies with jsonResponse", async () => {
    const server = await start({ jsonResponse: true });
    const response = await fetch(server.mcpUrl, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "initialize",
        params: {
          protocolVersion: "2025-06-18",
          capabilities: {},
          clientInfo: { name: "raw", version: "1" },
        },
      }),
    });
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(await response.json()).toMatchObject({ id: 1, result: { serverInfo: { name: "fixture" } } });
  });

  it("fails throw with a JSON-RPC error and fail with isError over HTTP", async () => {
    const server = await start();
    const client = await connect(transportFor("streamable", server.mcpUrl));
    await expect(client.callTool({ name: "throw" })).rejects.toMatchObject({ code: ErrorCode.InternalError });
    expect((await client.callTool({ name: "fail" })).isError).toBe(true);
  });

  it("crash drops the streamable session: later requests get 404 Session not found", async () => {
    const server = await start();
    const client = await connect(transportFor("streamable", server.mcpUrl));
    client.onerror = () => {}; // the dropped session's stream errors are expected here
    void client.callTool({ name: "crash" }).catch(() => {});
    await waitFor(async () => (await server.stats()).openSessions === 0, {
      description: "the session to be dropped",
    });
    await expect(client.callTool({ name: "echo", arguments: { text: "x" } })).rejects.toMatchObject({
      code: 404,
    });
  });

  it("sse-only refuses streamable POSTs with 405 and serves legacy SSE at /mcp and /sse", async () => {
    const server = await start({ sseOnly: true });
    await expect(connect(transportFor("streamable", server.mcpUrl))).rejects.toMatchObject({ code: 405 });
    for (const url of [server.mcpUrl, server.sseUrl]) {
      const client = await connect(transportFor("sse", url));
      expect((await client.callTool({ name: "add", arguments: { a: 1, b: 2 } })).structuredContent).toEqual({
        sum: 3,
      });
    }
  });

  it("runs as a child process that can be killed", async () => {
    const server = await start({ inProcess: false, name: "child-fixture" });
    expect(server.pid).toBeGreaterThan(0);
    const client = await connect(transportFor("streamable", server.mcpUrl));
    expect(client.getServerVersion()?.name).toBe("child-fixture");
    await client.callTool({ name: "echo", arguments: { text: "x" } });
    expect((await server.stats()).calls).toEqual({ echo: 1 });
    client.onerror = () => {};
    await server.kill?.();
    await expect(client.callTool({ name: "echo", arguments: { text: "x" } })).rejects.toThrow();
  });

  it("reports a child process that exits on start, with its stderr", async () => {
    await expect(startFixtureHttpServer({ inProcess: false, exitOnStart: true })).rejects.toThrow(
      /did not start: exited with code 1.*exit-on-start/s,
    );
    await expect(startFixtureHttpServer({ exitOnStart: true })).rejects.toThrow(/inProcess: false/);
  });
});

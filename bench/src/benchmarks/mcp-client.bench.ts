import { parseServiceDefinitions, ServiceConnection } from "@mcpstore/mcp-client";
import { fixtureStdioConfig, startFixtureHttpServer } from "@mcpstore/test-harness";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { compare, type Row } from "../measure.js";

const TARGET = 1.03;
const args = { text: "ping" };

// What a supervised ServiceConnection adds to one tool call over the SDK's own client.callTool, against
// the same fixture server: the wrapper alone (its own SDK client underneath, same transport and process),
// over stdio (each side its own process of the same command: the SDK's StdioClientTransport versus our
// process-group transport) and over streamable HTTP (literally one server).
export async function run(): Promise<Row[]> {
  const rows: Row[] = [];
  const quiet = { healthcheckIntervalMs: 0 };

  {
    const config = fixtureStdioConfig();
    const raw = new Client({ name: "bench-raw", version: "1.0.0" });
    await raw.connect(new StdioClientTransport(config));
    const [def] = parseServiceDefinitions({ name: "fixture", ...config });
    const connection = new ServiceConnection(def!, quiet);
    await connection.start();
    try {
      const inner = connection.client!;
      rows.push(
        await compare({
          name: "mcp-client: wrapper only (same client, transport and process)",
          baseline: {
            label: "its SDK client.callTool",
            run: () => inner.callTool({ name: "echo", arguments: args }),
          },
          candidate: { label: "ServiceConnection.callTool", run: () => connection.callTool("echo", args) },
          batch: 10,
          samples: 1_000,
          warmup: 100,
          target: TARGET,
        }),
      );
      rows.push(
        await compare({
          name: "mcp-client: callTool echo over stdio",
          baseline: {
            label: "SDK client.callTool",
            run: () => raw.callTool({ name: "echo", arguments: args }),
          },
          candidate: { label: "ServiceConnection.callTool", run: () => connection.callTool("echo", args) },
          batch: 10,
          samples: 1_000,
          warmup: 100,
          target: TARGET,
        }),
      );
    } finally {
      await raw.close();
      await connection.close();
    }
  }

  {
    const server = await startFixtureHttpServer({ jsonResponse: true });
    const raw = new Client({ name: "bench-raw", version: "1.0.0" });
    await raw.connect(new StreamableHTTPClientTransport(new URL(server.mcpUrl)));
    const [def] = parseServiceDefinitions({
      name: "fixture-http",
      url: server.mcpUrl,
      transport: "streamable-http",
    });
    const connection = new ServiceConnection(def!, quiet);
    await connection.start();
    try {
      rows.push(
        await compare({
          name: "mcp-client: callTool echo over streamable HTTP (same server)",
          baseline: {
            label: "SDK client.callTool",
            run: () => raw.callTool({ name: "echo", arguments: args }),
          },
          candidate: { label: "ServiceConnection.callTool", run: () => connection.callTool("echo", args) },
          batch: 4,
          samples: 600,
          warmup: 50,
          target: TARGET,
        }),
      );
    } finally {
      await raw.close();
      await connection.close();
      await server.close();
    }
  }
  return rows;
}

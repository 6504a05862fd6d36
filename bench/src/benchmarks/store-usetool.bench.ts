import { MCPStore, type SetupOptions } from "@mcpstore/store";
import { fixtureStdioConfig, startFixtureHttpServer, startStandaloneRedis } from "@mcpstore/test-harness";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { compare, type Row } from "../measure.js";

const args = { text: "hello" };

// useTool through the store versus the SDK's own client.callTool, calling `echo` on the stdio fixture
// (each side its own process of the same command). The store adds name resolution, the connection's
// state check and in-memory stats; on Redis it must add nothing more (stats are flushed off the call path).
async function stdio(label: string, options: SetupOptions, target: number): Promise<Row> {
  const raw = new Client({ name: "bench-raw", version: "1.0.0" });
  await raw.connect(new StdioClientTransport(fixtureStdioConfig()));
  const store = await MCPStore.setupStore(options);
  try {
    const ctx = store.forStore();
    await ctx.addService({ mcpServers: { fixture: fixtureStdioConfig() } });
    await ctx.waitService("fixture");
    return await compare({
      name: `store: useTool vs SDK callTool, stdio (${label})`,
      baseline: { label: "SDK client.callTool", run: () => raw.callTool({ name: "echo", arguments: args }) },
      candidate: { label: "store useTool", run: () => ctx.useTool("fixture__echo", args) },
      batch: 10,
      samples: 1_000,
      warmup: 100,
      target,
    });
  } finally {
    await store.close();
    await raw.close();
  }
}

// For reference (no target in the design): the same comparison against literally one server over
// streamable HTTP, which takes the two stdio processes' scheduling out of the ratio.
async function http(): Promise<Row> {
  const server = await startFixtureHttpServer({ jsonResponse: true });
  const raw = new Client({ name: "bench-raw", version: "1.0.0" });
  await raw.connect(new StreamableHTTPClientTransport(new URL(server.mcpUrl)));
  const store = await MCPStore.setupStore();
  try {
    const ctx = store.forStore();
    await ctx.addService({ mcpServers: { fixture: { url: server.mcpUrl, transport: "streamable-http" } } });
    await ctx.waitService("fixture");
    return await compare({
      name: "store: useTool vs SDK callTool, streamable HTTP, same server (memory)",
      baseline: { label: "SDK client.callTool", run: () => raw.callTool({ name: "echo", arguments: args }) },
      candidate: { label: "store useTool", run: () => ctx.useTool("fixture__echo", args) },
      batch: 4,
      samples: 600,
      warmup: 50,
    });
  } finally {
    await store.close();
    await raw.close();
    await server.close();
  }
}

export async function run(): Promise<Row[]> {
  const rows = [await stdio("memory", {}, 1.05)];
  const redis = await startStandaloneRedis();
  try {
    rows.push(
      await stdio("Redis", { redis: { url: redis.info.url, dataspace: "auto" }, fallback: "error" }, 1.1),
    );
  } finally {
    await redis.stop();
  }
  rows.push(await http());
  return rows;
}

import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  CallToolRequestSchema,
  ErrorCode,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListToolsRequestSchema,
  McpError,
  ReadResourceRequestSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { fixturePrompts, fixtureResources, getPrompt, readResource } from "./catalog.js";
import type { FixtureOptions } from "./options.js";
import { page } from "./paginate.js";
import type { FixtureState } from "./state.js";
import { fixtureTools } from "./tools.js";

/**
 * One MCP session of the fixture. Built on the low-level `Server`, not `McpServer`, because McpServer's
 * tools/list cannot page and its tools/call turns every thrown error (McpError included) into an
 * `isError` result, so the `throw` tool could not produce a protocol error.
 */
export function createFixtureServer(
  options: FixtureOptions,
  state: FixtureState,
  crash: (code: number) => void,
): Server {
  const server = new Server(
    { name: options.name ?? "fixture", version: "1.0.0" },
    { capabilities: { tools: { listChanged: true }, resources: {}, prompts: {} } },
  );

  server.setRequestHandler(ListToolsRequestSchema, (request) => {
    const tools = fixtureTools(options, state).map((tool) => tool.definition);
    const { items, nextCursor } = page(tools, request.params?.cursor, options.paginate);
    return { tools: items, ...(nextCursor ? { nextCursor } : {}) };
  });

  server.setRequestHandler(CallToolRequestSchema, (request, extra) => {
    const { name, arguments: args } = request.params;
    if (options.stderrNoise) process.stderr.write(`fixture: call ${name}\n`);
    state.countCall(name);
    const tool = fixtureTools(options, state).find((candidate) => candidate.definition.name === name);
    if (!tool) throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${name}`);
    return tool.call(args, { extra, state, crash });
  });

  server.setRequestHandler(ListResourcesRequestSchema, (request) => {
    const { items, nextCursor } = page(fixtureResources, request.params?.cursor, options.paginate);
    return { resources: items, ...(nextCursor ? { nextCursor } : {}) };
  });

  server.setRequestHandler(ReadResourceRequestSchema, (request) => readResource(request.params.uri, state));

  server.setRequestHandler(ListPromptsRequestSchema, (request) => {
    const { items, nextCursor } = page(fixturePrompts, request.params?.cursor, options.paginate);
    return { prompts: items, ...(nextCursor ? { nextCursor } : {}) };
  });

  server.setRequestHandler(GetPromptRequestSchema, (request) =>
    getPrompt(request.params.name, request.params.arguments),
  );

  state.attach(server);
  const previousOnClose = server.onclose;
  server.onclose = () => {
    state.detach(server);
    previousOnClose?.();
  };
  return server;
}

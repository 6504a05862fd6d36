import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { SSEServerTransport } from "@modelcontextprotocol/sdk/server/sse.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import { readJsonBody, sendJson, sendJsonRpcError } from "./http-util.js";
import type { FixtureOptions } from "./options.js";
import { createFixtureServer } from "./server.js";
import { FixtureState } from "./state.js";

export interface ListeningHttpFixture {
  /** Base URL, e.g. `http://127.0.0.1:40123`; MCP lives at `/mcp` (streamable) and `/sse` (legacy). */
  url: string;
  state: FixtureState;
  close(): Promise<void>;
}

interface Session {
  transport: StreamableHTTPServerTransport | SSEServerTransport;
  server: Server;
}

/**
 * The fixture over HTTP on node:http: streamable HTTP at `/mcp` (stateful sessions), legacy SSE at
 * `GET /sse` + `POST /messages?sessionId=`, and `GET /stats` (JSON counters, never forced or guarded, so
 * a test can always read them). Bearer auth, forced statuses and SSE-only mode come from the options.
 */
export async function listenHttpFixture(options: FixtureOptions): Promise<ListeningHttpFixture> {
  if (options.status !== undefined && !(options.status >= 100 && options.status <= 599)) {
    throw new RangeError(`fixture: status must be an HTTP status (100-599), got ${options.status}`);
  }
  const state = new FixtureState();
  const sessions = new Map<string, Session>();

  const openServer = (session: () => Session | undefined) =>
    createFixtureServer(options, state, () => {
      // A crash over HTTP drops the session: its streams end and its id is forgotten (later: 404).
      void session()?.transport.close();
    });

  async function handleStreamable(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const sessionId = req.headers["mcp-session-id"];
    if (typeof sessionId === "string") {
      const session = sessions.get(sessionId);
      if (!session) return sendJsonRpcError(res, 404, -32001, "Session not found");
      return (session.transport as StreamableHTTPServerTransport).handleRequest(req, res);
    }
    if (req.method !== "POST") {
      return sendJsonRpcError(res, 400, -32000, "Bad Request: Mcp-Session-Id header is required");
    }
    const body = await readJsonBody(req);
    if (!isInitializeRequest(body)) {
      return sendJsonRpcError(res, 400, -32000, "Bad Request: no session and not an initialize request");
    }
    let session: Session | undefined;
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => crypto.randomUUID(),
      enableJsonResponse: options.jsonResponse ?? false,
      onsessioninitialized: (id) => {
        if (session) sessions.set(id, session);
      },
    });
    const server = openServer(() => session);
    session = { transport, server };
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
    };
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  }

  async function openLegacySse(res: ServerResponse): Promise<void> {
    const transport = new SSEServerTransport("/messages", res);
    let session: Session | undefined;
    const server = openServer(() => session);
    session = { transport, server };
    sessions.set(transport.sessionId, session);
    transport.onclose = () => sessions.delete(transport.sessionId);
    await server.connect(transport);
  }

  async function handleLegacyPost(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const session = sessions.get(url.searchParams.get("sessionId") ?? "");
    if (!(session?.transport instanceof SSEServerTransport)) {
      return sendJsonRpcError(res, 404, -32001, "Session not found");
    }
    await session.transport.handlePostMessage(req, res);
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://fixture");
    if (url.pathname === "/stats" && req.method === "GET") return sendJson(res, 200, state.snapshot());
    if (options.status !== undefined) {
      return sendJson(res, options.status, { error: `fixture: status forced to ${options.status}` });
    }
    if (options.token !== undefined && req.headers.authorization !== `Bearer ${options.token}`) {
      return sendJson(
        res,
        401,
        { error: "fixture: missing or wrong bearer token" },
        { "www-authenticate": 'Bearer realm="fixture"' },
      );
    }
    if (url.pathname === "/mcp" && options.sseOnly) {
      // A pre-streamable server: POST is refused with 405, GET opens the legacy SSE stream.
      if (req.method === "GET") return openLegacySse(res);
      return sendJson(res, 405, { error: "fixture: SSE only" }, { allow: "GET" });
    }
    if (url.pathname === "/mcp") return handleStreamable(req, res);
    if (url.pathname === "/sse" && req.method === "GET") return openLegacySse(res);
    if (url.pathname === "/messages" && req.method === "POST") return handleLegacyPost(req, res, url);
    return sendJson(res, 404, { error: `fixture: nothing at ${req.method} ${url.pathname}` });
  }

  const httpServer = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (!res.headersSent)
        sendJson(res, 500, { error: error instanceof Error ? error.message : String(error) });
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  if (options.stderrNoise) process.stderr.write("fixture: listening over HTTP (stderr noise on)\n");
  const { address, port } = httpServer.address() as AddressInfo;
  const host = address.includes(":") ? `[${address}]` : address;

  return {
    url: `http://${host}:${port}`,
    state,
    async close() {
      await Promise.allSettled([...sessions.values()].map(({ server }) => server.close()));
      sessions.clear();
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    },
  };
}

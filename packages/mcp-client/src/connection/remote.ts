import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { RemoteTransport } from "../config/definition.js";
import { requestScopedFetch } from "./scoped-abort.js";

export type RemoteKind = "streamable-http" | "sse";

/** A fresh SDK transport for one connection attempt; headers go on every request, including the SSE GET. */
export function createRemoteTransport(
  kind: RemoteKind,
  url: URL,
  headers: Record<string, string>,
): Transport {
  const options = { requestInit: { headers }, fetch: requestScopedFetch() };
  return kind === "sse"
    ? new SSEClientTransport(url, options)
    : new StreamableHTTPClientTransport(url, options);
}

/**
 * The transports to try, in order: the configured one; for `auto`, SSE when the path ends in `/sse`,
 * else streamable HTTP then SSE; and once one has worked, only that one (reconnects do not re-probe).
 */
export function remoteKindsToTry(
  configured: RemoteTransport,
  url: URL,
  known: RemoteKind | undefined,
): RemoteKind[] {
  if (known) return [known];
  if (configured !== "auto") return [configured];
  if (/\/sse\/?$/.test(url.pathname)) return ["sse"];
  return ["streamable-http", "sse"];
}

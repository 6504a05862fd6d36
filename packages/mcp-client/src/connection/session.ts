import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import {
  ErrorCode,
  McpError,
  PromptListChangedNotificationSchema,
  ResourceListChangedNotificationSchema,
  ToolListChangedNotificationSchema,
} from "@modelcontextprotocol/sdk/types.js";
import type { ServiceDefinition } from "../config/definition.js";
import { closeQuietly } from "./async-util.js";
import type { CatalogPart } from "./catalog.js";
import { errorText, shouldFallBackToSse } from "./failures.js";
import type { Settings } from "./options.js";
import { createRemoteTransport, type RemoteKind, remoteKindsToTry } from "./remote.js";
import { ProcessTreeStdioTransport } from "./stdio-transport.js";
import type { TailBuffer } from "./tail-buffer.js";

export type TransportKind = "stdio" | RemoteKind;

/** One SDK client over one fresh transport: what a connection attempt produces. */
export interface Session {
  client: Client;
  kind: TransportKind;
  transport: Transport;
  stdio: ProcessTreeStdioTransport | undefined;
}

/** How a session reports back to the connection that supervises it. */
export interface SessionHooks {
  /** The session exists (before its handshake), so a close() in the meantime can reach it. */
  created(session: Session): void;
  closed(session: Session): void;
  error(session: Session, error: Error): void;
  listChanged(session: Session, part: CatalogPart): void;
}

export interface OpenOptions {
  settings: Settings;
  stderr: TailBuffer;
  /** The remote transport that worked before; reconnects use it without probing again. */
  knownRemote: RemoteKind | undefined;
  hooks: SessionHooks;
  /** False once the attempt has been superseded (closed, restarted): no further transports are tried. */
  stillWanted: () => boolean;
}

/** Spawns or dials a resolved definition and completes the MCP handshake; `auto` may fall back to SSE. */
export async function openSession(resolved: ServiceDefinition, o: OpenOptions): Promise<Session> {
  if (resolved.type === "stdio") {
    const stdio = new ProcessTreeStdioTransport({
      command: resolved.command,
      args: resolved.args,
      env: resolved.env,
      cwd: resolved.cwd,
      stderr: o.stderr,
      killGraceMs: o.settings.killGraceMs,
    });
    return handshake("stdio", stdio, stdio, o);
  }
  const url = new URL(resolved.url);
  const kinds = remoteKindsToTry(resolved.transport, url, o.knownRemote);
  let firstFailure = "";
  for (let i = 0; ; i++) {
    const kind = kinds[i]!;
    let session: Session | undefined;
    try {
      return await handshake(kind, createRemoteTransport(kind, url, resolved.headers), undefined, o, (s) => {
        session = s;
      });
    } catch (error) {
      if (i + 1 >= kinds.length || !shouldFallBackToSse(error) || !o.stillWanted()) {
        if (i > 0 && error instanceof Error)
          error.message += ` (after streamable HTTP failed: ${firstFailure})`;
        throw error;
      }
      firstFailure = errorText(error);
      if (session) await closeQuietly(session.client);
    }
  }
}

async function handshake(
  kind: TransportKind,
  transport: Transport,
  stdio: ProcessTreeStdioTransport | undefined,
  o: OpenOptions,
  onCreated?: (session: Session) => void,
): Promise<Session> {
  const client = new Client(o.settings.clientInfo, { capabilities: {} });
  const session: Session = { client, kind, transport, stdio };
  o.hooks.created(session);
  onCreated?.(session);
  client.onclose = () => o.hooks.closed(session);
  client.onerror = (error) => o.hooks.error(session, error);
  const onListChanged = (part: CatalogPart) => () => o.hooks.listChanged(session, part);
  client.setNotificationHandler(ToolListChangedNotificationSchema, onListChanged("tools"));
  client.setNotificationHandler(ResourceListChangedNotificationSchema, onListChanged("resources"));
  client.setNotificationHandler(PromptListChangedNotificationSchema, onListChanged("prompts"));
  // SSE's start() waits for the endpoint event with no timeout of its own; bound the whole handshake.
  const ms = o.settings.connectTimeoutMs;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new McpError(ErrorCode.RequestTimeout, "connect timed out")), ms);
  });
  try {
    await Promise.race([client.connect(transport, { timeout: ms }), deadline]);
  } finally {
    clearTimeout(timer);
  }
  return session;
}

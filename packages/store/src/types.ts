import type { Catalog, ServiceConnection, ServiceState } from "@mcpstore/mcp-client";
import type { ServiceOwner } from "./owner.js";
import type { AggregateState, InstanceState } from "./sync/records.js";

export type { ServiceState };

/** The result of `useTool`, exactly as the MCP server returned it. */
export type CallToolResult = Awaited<ReturnType<ServiceConnection["callTool"]>>;
export type ReadResourceResult = Awaited<ReturnType<ServiceConnection["readResource"]>>;
export type GetPromptResult = Awaited<ReturnType<ServiceConnection["getPrompt"]>>;
export type Resource = Catalog["resources"][number];
export type ResourceTemplate = Catalog["resourceTemplates"][number];
export type Prompt = Catalog["prompts"][number];

/** One service as a context lists it. Every secret (env values, headers, URL passwords) is redacted. */
export interface ServiceInfo {
  /** The name in this context: the local name for an agent, the store-view name for the store. */
  readonly name: string;
  /** The name its owner gave it. */
  readonly localName: string;
  /** The name in the store view (`agentId/localName` for agent services). */
  readonly globalName: string;
  readonly owner: ServiceOwner;
  readonly type: "stdio" | "remote";
  /** The transport this instance uses ("stdio", "streamable-http", "sse"), once known. */
  readonly transport: string | undefined;
  /** The service's config as an `mcpServers` entry, secrets redacted, `${VAR}` placeholders kept. */
  readonly config: Readonly<Record<string, unknown>>;
  /** This instance's connection state. */
  readonly state: ServiceState;
  readonly lastError: string | undefined;
  /** When the next reconnect attempt is due (epoch ms), while reconnecting or unreachable. */
  readonly nextRetryAt: number | undefined;
  readonly toolCount: number;
  /** The tools served are the last-known ones from storage, not yet confirmed by our own connection. */
  readonly catalogStale: boolean;
  readonly catalogFetchedAt: number | undefined;
  /** Registry version (increases with every change of the config). */
  readonly version: number;
  readonly updatedAt: number;
  /** The last change was made while storage was unreachable and is queued for it. */
  readonly pendingWrite: boolean;
}

/** `getService`: the listing plus tools, stderr and every instance's state from storage. */
export interface ServiceDetails extends ServiceInfo {
  readonly tools: readonly ToolInfo[];
  /** stdio: the server's recent stderr (redacted). */
  readonly stderrTail: string;
  /** Connection state reported by each store instance sharing the dataspace, by instance id. */
  readonly instances: Readonly<Record<string, InstanceState>>;
  readonly aggregate: AggregateState | undefined;
}

/** One tool as a context lists it. */
export interface ToolInfo {
  /** Stable qualified name (`service__tool`, valid for every LLM tool-calling API). Call it by this. */
  readonly name: string;
  /** The name the MCP server gave the tool. */
  readonly originalName: string;
  /** The service's name in this context. */
  readonly service: string;
  readonly title: string | undefined;
  readonly description: string;
  readonly inputSchema: Readonly<Record<string, unknown>>;
  readonly outputSchema: Readonly<Record<string, unknown>> | undefined;
  readonly annotations: Readonly<Record<string, unknown>> | undefined;
  /** From the last-known catalog, not yet confirmed by this instance's own connection. */
  readonly stale: boolean;
}

export interface ToolStats {
  readonly name: string;
  readonly originalName: string;
  readonly service: string;
  readonly calls: number;
  /** Calls that threw or returned `isError: true`. */
  readonly errors: number;
  readonly totalMs: number;
  readonly avgMs: number;
  /** Epoch ms of the latest call, or undefined if never called. */
  readonly lastCalledAt: number | undefined;
}

export type ResourceInfo = Resource & { readonly service: string; readonly stale: boolean };
export type ResourceTemplateInfo = ResourceTemplate & { readonly service: string; readonly stale: boolean };

export interface PromptInfo {
  /** Qualified name (`service__prompt`); `getPrompt` also takes the original name when unique. */
  readonly name: string;
  readonly originalName: string;
  readonly service: string;
  readonly description: string | undefined;
  readonly arguments: Prompt["arguments"];
  readonly stale: boolean;
}

export interface UseToolOptions {
  /** Per-call timeout (ms); the call is cancelled on the server when it fires. */
  readonly timeoutMs?: number;
  /** Cancels the call (on the server too). */
  readonly signal?: AbortSignal;
}

export interface WaitServiceOptions {
  /** The state(s) to wait for (default "healthy"). */
  readonly state?: ServiceState | readonly ServiceState[];
  /** @deprecated Use `state`; accepted as an alias (giving both is an error). */
  readonly status?: ServiceState | readonly ServiceState[];
  /** A positive number of ms (default 30,000). */
  readonly timeoutMs?: number;
}

export interface AddServiceOptions {
  /**
   * When a service of that name already exists with a different definition:
   * - "replace" (default): the new definition replaces it (a new version; every instance reconnects);
   * - "keep": the existing one stays and this one is ignored;
   * - "error": rejects with SERVICE_EXISTS and nothing of this call is written.
   * The same definition again is always a no-op, so adding at every start-up is safe.
   */
  readonly ifExists?: "replace" | "keep" | "error";
}

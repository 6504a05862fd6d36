import type { Catalog, ServiceConnection, ServiceState } from "@mcpstore/mcp-client";
import type { ServiceOwner } from "./owner.js";
import type { AggregateState, InstanceState } from "./sync/records.js";

export type { ServiceState };

/** The result of `useTool`, exactly as the MCP server returned it. */
export type CallToolResult = Awaited<ReturnType<ServiceConnection["callTool"]>>;
/** The result of `readResource`, exactly as the MCP server returned it. */
export type ReadResourceResult = Awaited<ReturnType<ServiceConnection["readResource"]>>;
/** The result of `getPrompt`, exactly as the MCP server returned it. */
export type GetPromptResult = Awaited<ReturnType<ServiceConnection["getPrompt"]>>;
/** A resource as the MCP server lists it. */
export type Resource = Catalog["resources"][number];
/** A resource template as the MCP server lists it. */
export type ResourceTemplate = Catalog["resourceTemplates"][number];
/** A prompt as the MCP server lists it. */
export type Prompt = Catalog["prompts"][number];

/** One service as a context lists it. Every secret (env values, headers, URL passwords) is redacted. */
export interface ServiceInfo {
  /** The name in this context: the local name for an agent, the store-view name for the store. */
  readonly name: string;
  /** The name its owner gave it. */
  readonly localName: string;
  /** The name in the store view (`agentId/localName` for agent services). */
  readonly globalName: string;
  /** Who added it: the store or an agent. */
  readonly owner: ServiceOwner;
  /** "stdio" for a local command, "remote" for a URL. */
  readonly type: "stdio" | "remote";
  /** The transport this instance uses ("stdio", "streamable-http", "sse"), once known. */
  readonly transport: string | undefined;
  /** The service's config as an `mcpServers` entry, secrets redacted, `${VAR}` placeholders kept. */
  readonly config: Readonly<Record<string, unknown>>;
  /** This instance's connection state. */
  readonly state: ServiceState;
  /** This instance's last connection error (redacted), if any. */
  readonly lastError: string | undefined;
  /** When the next reconnect attempt is due (epoch ms), while reconnecting or unreachable. */
  readonly nextRetryAt: number | undefined;
  /** How many tools it serves (see `catalogStale`). */
  readonly toolCount: number;
  /** The tools served are the last-known ones from storage, not yet confirmed by our own connection. */
  readonly catalogStale: boolean;
  /** When the served catalog was fetched (epoch ms). */
  readonly catalogFetchedAt: number | undefined;
  /** Registry version (increases with every change of the config). */
  readonly version: number;
  /** When its config last changed (epoch ms). */
  readonly updatedAt: number;
  /** The last change was made while storage was unreachable and is queued for it. */
  readonly pendingWrite: boolean;
}

/** `getService`: the listing plus tools, stderr and every instance's state from storage. */
export interface ServiceDetails extends ServiceInfo {
  /** Its tools, as `listTools` gives them. */
  readonly tools: readonly ToolInfo[];
  /** stdio: the server's recent stderr (redacted). */
  readonly stderrTail: string;
  /** Connection state reported by each store instance sharing the dataspace, by instance id. */
  readonly instances: Readonly<Record<string, InstanceState>>;
  /** The best state over every instance, once one has reported. */
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
  /** The tool's display title, if the server gives one. */
  readonly title: string | undefined;
  /** What the tool does, as the server describes it ("" when it gives none). */
  readonly description: string;
  /** JSON Schema of the arguments. */
  readonly inputSchema: Readonly<Record<string, unknown>>;
  /** JSON Schema of `structuredContent`, if the tool declares one. */
  readonly outputSchema: Readonly<Record<string, unknown>> | undefined;
  /** The server's hints (read-only, destructive, …). */
  readonly annotations: Readonly<Record<string, unknown>> | undefined;
  /** From the last-known catalog, not yet confirmed by this instance's own connection. */
  readonly stale: boolean;
}

/** Call statistics of one tool (`toolStats`). */
export interface ToolStats {
  /** The qualified name. */
  readonly name: string;
  /** The name the MCP server gave the tool. */
  readonly originalName: string;
  /** The service's name in this context. */
  readonly service: string;
  /** Calls over every instance of the dataspace. */
  readonly calls: number;
  /** Calls that threw or returned `isError: true`. */
  readonly errors: number;
  /** Time spent in calls, ms. */
  readonly totalMs: number;
  /** Mean call time, ms (0 before the first call). */
  readonly avgMs: number;
  /** Epoch ms of the latest call, or undefined if never called. */
  readonly lastCalledAt: number | undefined;
}

/** A resource as a context lists it: the server's fields plus the service and whether it is from a cached catalog. */
export type ResourceInfo = Resource & { readonly service: string; readonly stale: boolean };
/** A resource template as a context lists it, with its service. */
export type ResourceTemplateInfo = ResourceTemplate & { readonly service: string; readonly stale: boolean };

/** One prompt as a context lists it. */
export interface PromptInfo {
  /** Qualified name (`service__prompt`); `getPrompt` also takes the original name when unique. */
  readonly name: string;
  /** The name the MCP server gave the prompt. */
  readonly originalName: string;
  /** The service's name in this context. */
  readonly service: string;
  /** What the prompt is for, as the server describes it. */
  readonly description: string | undefined;
  /** The arguments it takes. */
  readonly arguments: Prompt["arguments"];
  /** From the last-known catalog, not yet confirmed by this instance's own connection. */
  readonly stale: boolean;
}

/** Options of `useTool` / `callTool`. */
export interface UseToolOptions {
  /** Per-call timeout (ms); the call is cancelled on the server when it fires. */
  readonly timeoutMs?: number;
  /** Cancels the call (on the server too). */
  readonly signal?: AbortSignal;
}

/** Options of `waitService`. */
export interface WaitServiceOptions {
  /** The state(s) to wait for (default "healthy"). */
  readonly state?: ServiceState | readonly ServiceState[];
  /** The old name of `state`, still accepted (giving both is an error). @deprecated Use `state`. */
  readonly status?: ServiceState | readonly ServiceState[];
  /** A positive number of ms (default 30,000). */
  readonly timeoutMs?: number;
}

/** Options of `addService`. */
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

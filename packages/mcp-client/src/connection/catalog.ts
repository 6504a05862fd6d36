import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { RequestOptions } from "@modelcontextprotocol/sdk/shared/protocol.js";
import {
  ErrorCode,
  McpError,
  type Prompt,
  type Resource,
  type ResourceTemplate,
  type Tool,
} from "@modelcontextprotocol/sdk/types.js";
import { collectPages } from "./paginate.js";

/** What a service offers, every page of every list, as last fetched. */
export interface Catalog {
  tools: Tool[];
  resources: Resource[];
  resourceTemplates: ResourceTemplate[];
  prompts: Prompt[];
  /** Epoch ms of the fetch. */
  fetchedAt: number;
}

export type CatalogPart = "tools" | "resources" | "prompts";

export function listAllTools(client: Client, options: RequestOptions): Promise<Tool[]> {
  return orEmpty(async () => {
    const tools = await collectPages(async (cursor) => {
      const r = await client.listTools(cursor === undefined ? undefined : { cursor }, options);
      return { items: r.tools, nextCursor: r.nextCursor };
    });
    // The SDK rebuilds its output-schema validators from each listTools page alone; give it every page.
    // (Private in its typings, public at runtime; skipped if a later SDK drops it.)
    const sdk = client as unknown as { cacheToolMetadata?: (tools: Tool[]) => void };
    if (typeof sdk.cacheToolMetadata === "function") sdk.cacheToolMetadata(tools);
    return tools;
  });
}

export function listAllResources(client: Client, options: RequestOptions): Promise<Resource[]> {
  return orEmpty(() =>
    collectPages(async (cursor) => {
      const r = await client.listResources(cursor === undefined ? undefined : { cursor }, options);
      return { items: r.resources, nextCursor: r.nextCursor };
    }),
  );
}

export function listAllResourceTemplates(
  client: Client,
  options: RequestOptions,
): Promise<ResourceTemplate[]> {
  return orEmpty(() =>
    collectPages(async (cursor) => {
      const r = await client.listResourceTemplates(cursor === undefined ? undefined : { cursor }, options);
      return { items: r.resourceTemplates, nextCursor: r.nextCursor };
    }),
  );
}

export function listAllPrompts(client: Client, options: RequestOptions): Promise<Prompt[]> {
  return orEmpty(() =>
    collectPages(async (cursor) => {
      const r = await client.listPrompts(cursor === undefined ? undefined : { cursor }, options);
      return { items: r.prompts, nextCursor: r.nextCursor };
    }),
  );
}

/**
 * Fetches the parts the server advertises (a server without `prompts` capability is not asked for
 * prompts) and keeps the other parts from `previous`.
 */
export async function fetchCatalog(
  client: Client,
  options: RequestOptions,
  parts: readonly CatalogPart[] = ["tools", "resources", "prompts"],
  previous?: Catalog,
): Promise<Catalog> {
  const caps = client.getServerCapabilities() ?? {};
  const want = (part: CatalogPart) => parts.includes(part) && caps[part] !== undefined;
  const keep = <K extends keyof Catalog>(key: K, empty: Catalog[K]): Catalog[K] => previous?.[key] ?? empty;
  const [tools, resources, resourceTemplates, prompts] = await Promise.all([
    want("tools") ? listAllTools(client, options) : keep("tools", []),
    want("resources") ? listAllResources(client, options) : keep("resources", []),
    want("resources") ? listAllResourceTemplates(client, options) : keep("resourceTemplates", []),
    want("prompts") ? listAllPrompts(client, options) : keep("prompts", []),
  ]);
  return { tools, resources, resourceTemplates, prompts, fetchedAt: Date.now() };
}

// A server that advertises a capability but does not implement one of its list methods has nothing to list.
async function orEmpty<T>(fetch: () => Promise<T[]>): Promise<T[]> {
  try {
    return await fetch();
  } catch (error) {
    if (error instanceof McpError && error.code === ErrorCode.MethodNotFound) return [];
    throw error;
  }
}

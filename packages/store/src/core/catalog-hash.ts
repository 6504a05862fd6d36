import { createHash } from "node:crypto";
import type { Catalog } from "@mcpstore/mcp-client";
import { stableJson } from "../sync/stable-json.js";

/** Content hash of a catalog (not of when it was fetched), so unchanged refreshes write nothing. */
export function catalogHash(catalog: Catalog): string {
  const { tools, resources, resourceTemplates, prompts } = catalog;
  return createHash("sha256")
    .update(stableJson({ tools, resources, resourceTemplates, prompts }))
    .digest("hex")
    .slice(0, 32);
}

import type { ServiceDefinition } from "./definition.js";

/**
 * The Claude/Cursor `mcpServers` entry for a definition (for mcp.json write-back and display);
 * `parseServiceDefinitions({ mcpServers: { [def.name]: toMcpServersEntry(def) } })` gives `def` back.
 */
export function toMcpServersEntry(def: ServiceDefinition): Record<string, unknown> {
  const timeout = def.timeoutMs === undefined ? {} : { timeout: def.timeoutMs / 1000 };
  if (def.type === "stdio") {
    return {
      command: def.command,
      args: [...def.args],
      ...(Object.keys(def.env).length > 0 ? { env: { ...def.env } } : {}),
      ...(def.cwd === undefined ? {} : { cwd: def.cwd }),
      ...timeout,
    };
  }
  return {
    url: def.url,
    ...(def.transport === "auto" ? {} : { transport: def.transport }),
    ...(Object.keys(def.headers).length > 0 ? { headers: { ...def.headers } } : {}),
    ...timeout,
  };
}

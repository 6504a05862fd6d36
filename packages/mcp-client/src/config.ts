/** One service as the rest of MCPStore sees it. Filled out by the MCP-client issue. */
export type ServiceConfig =
  | { name: string; command: string; args: string[]; env: Record<string, string> }
  | { name: string; url: string };

/** Normalises a Claude/Cursor `{ mcpServers: {...} }` document into a list of services. */
export function normaliseServices(input: {
  mcpServers: Record<string, Record<string, unknown>>;
}): ServiceConfig[] {
  return Object.entries(input.mcpServers).map(([name, cfg]) => {
    if (typeof cfg.url === "string") return { name, url: cfg.url };
    if (typeof cfg.command === "string") {
      const args = Array.isArray(cfg.args) ? cfg.args.map(String) : [];
      const env = (cfg.env ?? {}) as Record<string, string>;
      return { name, command: cfg.command, args, env };
    }
    throw new TypeError(`mcpServers.${name}: needs "command" (local) or "url" (remote)`);
  });
}

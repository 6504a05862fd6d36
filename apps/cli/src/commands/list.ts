import type { ServiceInfo } from "@mcpstore/store";
import type { GlobalOptions } from "../globals.js";
import type { Output } from "../output.js";
import { settle, withSession } from "../session.js";

/** What a service runs or reaches, from its (redacted) config. */
export function target(s: ServiceInfo): string {
  const c = s.config as { command?: string; args?: string[]; url?: string };
  if (c.url) return c.url;
  return [c.command, ...(c.args ?? [])].filter(Boolean).join(" ");
}

export async function list(out: Output, g: GlobalOptions): Promise<number> {
  return withSession(g, out, async (session) => {
    await settle(session, out);
    const services = await session.ctx.listServices();
    if (out.json) {
      out.data(services);
      return 0;
    }
    if (!services.length) {
      out.line(
        "No services yet. Add one: mcpstore add <name> -- <command> [args...]  or  mcpstore add <name> --url <url>",
      );
      return 0;
    }
    out.table(
      ["NAME", "TYPE", "STATE", "TOOLS", "TARGET", "LAST ERROR"],
      services.map((s) => [s.name, s.type, out.state(s.state), s.toolCount, target(s), s.lastError ?? ""]),
    );
    return 0;
  });
}

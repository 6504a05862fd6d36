import type { GlobalOptions } from "../globals.js";
import type { Output } from "../output.js";
import { ago, short } from "../render.js";
import { settle, withSession } from "../session.js";
import { target } from "./list.js";

export async function info(out: Output, g: GlobalOptions, name: string): Promise<number> {
  return withSession(g, out, async (session) => {
    const one = (await session.ctx.listServices()).filter((s) => s.name === name);
    await settle(session, out, one);
    const d = await session.ctx.getService(name);
    if (out.json) {
      out.data(d);
      return 0;
    }
    const rows: [string, string][] = [
      ["name", d.name],
      ["type", `${d.type}${d.transport && d.transport !== d.type ? ` (${d.transport})` : ""}`],
      ["target", target(d)],
      ["state", out.state(d.state)],
      ["last error", d.lastError ?? "-"],
      ["next retry", d.nextRetryAt ? new Date(d.nextRetryAt).toISOString() : "-"],
      ["owner", d.owner.kind === "agent" ? `agent ${d.owner.agentId}` : "store"],
      ["version", `${d.version} (updated ${ago(d.updatedAt)})`],
      ["tools", `${d.toolCount}${d.catalogStale ? " (last known, not yet confirmed)" : ""}`],
    ];
    const width = Math.max(...rows.map(([k]) => k.length));
    for (const [k, v] of rows) out.line(`${out.c.dim(k.padEnd(width))}  ${v}`);
    out.line(`${out.c.dim("config".padEnd(width))}  ${JSON.stringify(d.config)}`);
    if (d.tools.length) {
      out.line();
      out.table(
        ["TOOL", "DESCRIPTION"],
        d.tools.map((t) => [t.name, short(t.description)]),
      );
    }
    if (d.stderrTail.trim()) {
      out.line();
      out.line(out.c.dim("recent stderr:"));
      out.line(d.stderrTail.trimEnd());
    }
    return 0;
  });
}

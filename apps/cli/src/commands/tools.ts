import type { GlobalOptions } from "../globals.js";
import type { Output } from "../output.js";
import { short } from "../render.js";
import { settle, withSession } from "../session.js";

export async function tools(
  out: Output,
  g: GlobalOptions,
  service: string | undefined,
  o: { schema?: boolean },
): Promise<number> {
  return withSession(g, out, async (session) => {
    const all = await session.ctx.listServices();
    await settle(session, out, service === undefined ? all : all.filter((s) => s.name === service));
    const list = await session.ctx.listTools(service === undefined ? {} : { service });
    if (out.json) {
      out.data(list);
      return 0;
    }
    if (!list.length) {
      out.line(
        service
          ? `Service "${service}" has no tools (yet).`
          : "No tools: add a service first (mcpstore add).",
      );
      return 0;
    }
    if (o.schema) {
      for (const t of list) {
        out.line(`${out.c.bold(t.name)}  ${out.c.dim(`(${t.service})`)}`);
        if (t.description) out.line(`  ${t.description.split("\n")[0]}`);
        out.line(
          JSON.stringify(t.inputSchema, null, 2)
            .split("\n")
            .map((l) => `  ${l}`)
            .join("\n"),
        );
        out.line();
      }
      return 0;
    }
    out.table(
      ["NAME", "SERVICE", "DESCRIPTION"],
      list.map((t) => [t.name, t.service, short(t.description)]),
    );
    return 0;
  });
}

import type { GlobalOptions } from "../globals.js";
import type { Output } from "../output.js";
import { ago } from "../render.js";
import { settle, withSession } from "../session.js";

export async function stats(out: Output, g: GlobalOptions, service: string | undefined): Promise<number> {
  return withSession(g, out, async (session) => {
    const all = await session.ctx.listServices();
    await settle(session, out, service === undefined ? all : all.filter((s) => s.name === service));
    const list = await session.ctx.toolStats(service === undefined ? {} : { service });
    if (!session.usesRedis) {
      out.note(
        out.ce.dim(
          "note: without --redis, statistics live only as long as one command; use --redis to keep them",
        ),
      );
    }
    if (out.json) {
      out.data(list);
      return 0;
    }
    // People see the tools that were called; --json has every tool (with zeros) for scripts.
    const called = list.filter((s) => s.calls > 0);
    if (!called.length) {
      out.line(list.length ? `No calls recorded yet (${list.length} tools).` : "No tools.");
      return 0;
    }
    const sorted = [...called].sort((a, b) => b.calls - a.calls || a.name.localeCompare(b.name));
    out.table(
      ["TOOL", "SERVICE", "CALLS", "ERRORS", "AVG MS", "LAST CALL"],
      sorted.map((s) => [
        s.name,
        s.service,
        s.calls,
        s.errors,
        s.calls ? s.avgMs.toFixed(1) : "-",
        ago(s.lastCalledAt),
      ]),
    );
    return 0;
  });
}

import { type GlobalOptions, parsePairs } from "../globals.js";
import type { Output } from "../output.js";
import { promptText, resourceText, short } from "../render.js";
import { type Session, settle, withSession } from "../session.js";

async function settleFor(session: Session, out: Output, service: string | undefined): Promise<void> {
  const all = await session.ctx.listServices();
  await settle(session, out, service === undefined ? all : all.filter((s) => s.name === service));
}

export async function resources(out: Output, g: GlobalOptions, service: string | undefined): Promise<number> {
  return withSession(g, out, async (session) => {
    await settleFor(session, out, service);
    const opts = service === undefined ? {} : { service };
    const list = await session.ctx.listResources(opts);
    const templates = await session.ctx.listResourceTemplates(opts);
    if (out.json) {
      out.data({ resources: list, resourceTemplates: templates });
      return 0;
    }
    if (!list.length && !templates.length) {
      out.line("No resources.");
      return 0;
    }
    out.table(
      ["URI", "NAME", "SERVICE", "MIME TYPE"],
      [
        ...list.map((r) => [r.uri, r.name, r.service, r.mimeType ?? ""]),
        ...templates.map((t) => [t.uriTemplate, t.name, t.service, t.mimeType ?? ""]),
      ],
    );
    return 0;
  });
}

export async function read(
  out: Output,
  g: GlobalOptions,
  uri: string,
  o: { service?: string },
): Promise<number> {
  return withSession(g, out, async (session) => {
    await settleFor(session, out, o.service);
    const result = await session.ctx.readResource(uri, o.service === undefined ? {} : { service: o.service });
    if (out.json) out.data(result);
    else out.text(resourceText(result));
    return 0;
  });
}

export async function prompts(out: Output, g: GlobalOptions, service: string | undefined): Promise<number> {
  return withSession(g, out, async (session) => {
    await settleFor(session, out, service);
    const list = await session.ctx.listPrompts(service === undefined ? {} : { service });
    if (out.json) {
      out.data(list);
      return 0;
    }
    if (!list.length) {
      out.line("No prompts.");
      return 0;
    }
    out.table(
      ["NAME", "SERVICE", "ARGUMENTS", "DESCRIPTION"],
      list.map((p) => [
        p.name,
        p.service,
        (p.arguments ?? []).map((a) => (a.required ? a.name : `[${a.name}]`)).join(" "),
        short(p.description),
      ]),
    );
    return 0;
  });
}

export async function prompt(out: Output, g: GlobalOptions, name: string, pairs: string[]): Promise<number> {
  return withSession(g, out, async (session) => {
    await settleFor(session, out, undefined);
    // Prompt arguments are strings by the MCP spec: taken as written.
    const result = await session.ctx.getPrompt(name, parsePairs(pairs, "prompt argument") ?? {});
    if (out.json) out.data(result);
    else out.text(promptText(result));
    return 0;
  });
}

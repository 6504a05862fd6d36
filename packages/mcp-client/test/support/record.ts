import type { Catalog, ServiceConnection, StateChange } from "@mcpstore/mcp-client";

/** Every transition a connection emits, as "from→to", plus the raw events for closer looks. */
export function recordTransitions(connection: ServiceConnection): { list: string[]; events: StateChange[] } {
  const events: StateChange[] = [];
  const list: string[] = [];
  connection.on("state", (e) => {
    events.push(e);
    list.push(`${e.from}→${e.to}`);
  });
  return { list, events };
}

export function recordCatalogs(connection: ServiceConnection): Catalog[] {
  const catalogs: Catalog[] = [];
  connection.on("catalog", (c) => catalogs.push(c));
  return catalogs;
}

/** Text of the first content block of a tool result. */
export function firstText(result: { content?: unknown }): string {
  const content = (result.content ?? []) as { type: string; text?: string }[];
  const block = content[0];
  if (block?.type !== "text" || block.text === undefined) throw new Error("no text content");
  return block.text;
}

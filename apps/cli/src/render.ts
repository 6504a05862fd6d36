/** How tool results, resources and prompts read for a person: text as text, the rest summarised. */

type Content = Record<string, unknown> & { type?: string };

function size(data: unknown): string {
  if (typeof data !== "string") return "";
  const bytes = Math.floor((data.length * 3) / 4);
  return bytes >= 1024 ? `, ${(bytes / 1024).toFixed(1)} KiB` : `, ${bytes} bytes`;
}

/** One content block of a tool result or prompt message as printable text. */
export function contentText(block: Content): string {
  switch (block.type) {
    case "text":
      return String(block.text ?? "");
    case "image":
    case "audio":
      return `[${block.type} ${String(block.mimeType ?? "")}${size(block.data)}]`;
    case "resource": {
      const r = (block.resource ?? {}) as Record<string, unknown>;
      if (typeof r.text === "string") return r.text;
      return `[resource ${String(r.uri ?? "")}${r.mimeType ? ` ${String(r.mimeType)}` : ""}${size(r.blob)}]`;
    }
    case "resource_link":
      return `[resource link ${String(block.uri ?? "")}${block.name ? ` (${String(block.name)})` : ""}]`;
    default:
      return `[${String(block.type ?? "unknown")} content]`;
  }
}

/** A tool result: its content blocks, or its structured content when it has no content. */
export function resultText(result: { content?: unknown; structuredContent?: unknown }): string {
  const blocks = Array.isArray(result.content) ? (result.content as Content[]) : [];
  if (blocks.length) return blocks.map(contentText).join("\n");
  if (result.structuredContent !== undefined) return JSON.stringify(result.structuredContent, null, 2);
  return "";
}

/** A resource read: text contents as text, binary ones summarised. */
export function resourceText(result: { contents?: unknown }): string {
  const contents = Array.isArray(result.contents) ? (result.contents as Record<string, unknown>[]) : [];
  return contents
    .map((c) =>
      typeof c.text === "string"
        ? c.text
        : `[${String(c.uri ?? "")} ${String(c.mimeType ?? "binary")}${size(c.blob)}]`,
    )
    .join("\n");
}

/** A prompt: each message as "role: text". */
export function promptText(result: { description?: unknown; messages?: unknown }): string {
  const messages = Array.isArray(result.messages)
    ? (result.messages as { role?: string; content?: Content }[])
    : [];
  return messages.map((m) => `${m.role ?? "?"}: ${m.content ? contentText(m.content) : ""}`).join("\n");
}

/** "3 s ago" style age for a timestamp. */
export function ago(epochMs: number | undefined, now = Date.now()): string {
  if (!epochMs) return "-";
  const s = Math.max(0, Math.round((now - epochMs) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return new Date(epochMs).toISOString();
}

/** The first line of a description, shortened for a table cell. */
export function short(text: string | undefined, max = 60): string {
  const first = (text ?? "").split("\n")[0]!.trim();
  return first.length > max ? `${first.slice(0, max - 1)}…` : first;
}

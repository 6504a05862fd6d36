/** One line of at most `max` characters: whitespace collapsed, an ellipsis when cut. */
export function trimmed(text: string, max: number): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length <= max ? line : `${line.slice(0, max)}…`;
}

/** A small left-aligned text table, two spaces between columns. */
export function table(header: string[], rows: string[][]): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? "").length)));
  return all.map((r) => `  ${r.map((c, i) => c.padEnd(widths[i]!)).join("  ")}`.trimEnd()).join("\n");
}

/** A tool's text result in one line: a JSON list of named items as "N items: a, b, c, …", else trimmed. */
export function summary(text: string): string {
  try {
    const value: unknown = JSON.parse(text);
    if (Array.isArray(value) && value.every((v) => typeof v?.name === "string")) {
      const names = value.map((v: { name: string }) => v.name);
      return `${names.length} recipes: ${names.slice(0, 3).join(", ")}${names.length > 3 ? ", …" : ""}`;
    }
  } catch {
    // not JSON: show the text itself
  }
  return trimmed(text, 100);
}

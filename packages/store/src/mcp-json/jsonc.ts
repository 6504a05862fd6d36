/** Where a JSON(C) text stops parsing: 1-based line and column, with the line itself for the message. */
export class JsoncSyntaxError extends SyntaxError {
  readonly line: number;
  readonly column: number;

  constructor(reason: string, text: string, position: number) {
    const { line, column, lineText } = locate(text, position);
    const gutter = `${line} | `;
    super(
      `${reason} at line ${line}, column ${column}\n  ${gutter}${lineText}\n  ${" ".repeat(gutter.length - 2)}| ${" ".repeat(column - 1)}^`,
    );
    this.name = "JsoncSyntaxError";
    this.line = line;
    this.column = column;
  }
}

function locate(text: string, position: number): { line: number; column: number; lineText: string } {
  const at = Math.max(0, Math.min(position, text.length));
  const start = text.lastIndexOf("\n", at - 1) + 1;
  const endIndex = text.indexOf("\n", at);
  const lineText = text.slice(start, endIndex === -1 ? text.length : endIndex).replace(/\r$/, "");
  const line = text.slice(0, start).split("\n").length;
  return { line, column: at - start + 1, lineText: lineText.replace(/\t/g, " ") };
}

/** Node's JSON.parse messages carry "at position N" (Node 20) or nothing for an early end. */
function syntaxError(error: unknown, text: string): JsoncSyntaxError {
  const message = error instanceof Error ? error.message : String(error);
  const match = /\s*(?:in JSON )?at position (\d+)(?: \(line \d+ column \d+\))?/.exec(message);
  const reason =
    message.replace(match?.[0] ?? "", "").replace(/ of JSON input$/, " of the file") || "invalid JSON";
  const position = match ? Number(match[1]) : text.trimEnd().length;
  return new JsoncSyntaxError(reason, text, position);
}

/**
 * Parses JSON that may carry comments and trailing commas (VS Code writes its mcp.json as JSONC).
 * Strings are copied verbatim, so `//` inside a URL is untouched. Comments and trailing commas are
 * blanked rather than removed, so a syntax error's position is the position in the file as written;
 * it throws a {@link JsoncSyntaxError} with line and column.
 */
export function parseJsonc(text: string): unknown {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"') {
      const end = stringEnd(text, i);
      out += text.slice(i, end);
      i = end;
    } else if (ch === "/" && text[i + 1] === "/") {
      const start = i;
      while (i < text.length && text[i] !== "\n") i++;
      out += " ".repeat(i - start);
    } else if (ch === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      const stop = end === -1 ? text.length : end + 2;
      out += text.slice(i, stop).replace(/[^\n]/g, " ");
      i = stop;
    } else {
      out += ch;
      i++;
    }
  }
  // Trailing commas before a closing bracket; only outside strings, which the pass above preserved.
  const json = removeTrailingCommas(out);
  try {
    return JSON.parse(json);
  } catch (error) {
    throw syntaxError(error, text);
  }
}

function removeTrailingCommas(text: string): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"') {
      const end = stringEnd(text, i);
      out += text.slice(i, end);
      i = end;
      continue;
    }
    if (ch === ",") {
      let j = i + 1;
      while (j < text.length && /\s/.test(text[j]!)) j++;
      if (text[j] === "}" || text[j] === "]") {
        out += " ";
        i++;
        continue;
      }
    }
    out += ch;
    i++;
  }
  return out;
}

/** Index just past the JSON string that opens at `start` (escapes skipped; an unclosed string runs to the end). */
function stringEnd(text: string, start: number): number {
  let j = start + 1;
  while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
  return j + 1;
}

import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";

/**
 * One page of a list. The cursor is an opaque string to the client (base64url of the next offset);
 * a cursor this fixture did not hand out is a protocol error, as the spec asks.
 */
export function page<T>(
  items: readonly T[],
  cursor: string | undefined,
  pageSize: number | undefined,
): { items: T[]; nextCursor?: string } {
  const start = cursor === undefined ? 0 : decodeCursor(cursor);
  if (!pageSize) return { items: items.slice(start) };
  const end = start + pageSize;
  return end < items.length
    ? { items: items.slice(start, end), nextCursor: encodeCursor(end) }
    : { items: items.slice(start, end) };
}

function encodeCursor(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString("base64url");
}

function decodeCursor(cursor: string): number {
  const match = /^offset:(\d+)$/.exec(Buffer.from(cursor, "base64url").toString());
  if (!match) throw new McpError(ErrorCode.InvalidParams, `Invalid cursor ${JSON.stringify(cursor)}`);
  return Number(match[1]);
}

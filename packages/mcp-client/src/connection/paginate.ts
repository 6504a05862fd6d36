/** One page of a paginated MCP list. */
export interface Page<T> {
  items: T[];
  nextCursor?: string | undefined;
}

/** Follows `nextCursor` to the end; a server that repeats a cursor would loop forever, so that is an error. */
export async function collectPages<T>(
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
): Promise<T[]> {
  const all: T[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (;;) {
    const page = await fetchPage(cursor);
    for (const item of page.items) all.push(item);
    cursor = page.nextCursor;
    if (cursor === undefined || cursor === "") return all;
    if (seen.has(cursor)) throw new Error(`server repeated pagination cursor ${JSON.stringify(cursor)}`);
    seen.add(cursor);
  }
}

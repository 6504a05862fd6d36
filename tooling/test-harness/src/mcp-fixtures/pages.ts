import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { Tool } from "@modelcontextprotocol/sdk/types.js";

/**
 * Every `tools/list` page a server gives, following `nextCursor` until it stops, as received. For
 * pagination tests against the fixture (`paginate` + `tools`); `maxPages` guards against a cursor loop.
 */
export async function fixtureToolPages(
  client: Pick<Client, "listTools">,
  maxPages = 1000,
): Promise<Tool[][]> {
  const pages: Tool[][] = [];
  let cursor: string | undefined;
  do {
    if (pages.length >= maxPages)
      throw new Error(`fixtureToolPages: more than ${maxPages} pages; is the cursor looping?`);
    const page = await client.listTools(cursor === undefined ? {} : { cursor });
    pages.push(page.tools);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return pages;
}

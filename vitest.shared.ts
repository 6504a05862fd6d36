import { fileURLToPath } from "node:url";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * Tests import workspace packages by their published names; these aliases point those names at the
 * sources so a test run never depends on a stale build. The published shape (dist, exports) is checked
 * separately by publint and attw in `pnpm run check`.
 */
export const sourceAliases = [
  { find: /^@mcpstore\/storage\/testkit$/, replacement: here("./packages/storage/src/testkit/index.ts") },
  { find: /^@mcpstore\/errors$/, replacement: here("./packages/errors/src/index.ts") },
  { find: /^@mcpstore\/keyspace$/, replacement: here("./packages/keyspace/src/index.ts") },
  { find: /^@mcpstore\/storage$/, replacement: here("./packages/storage/src/index.ts") },
  { find: /^@mcpstore\/storage-redis$/, replacement: here("./packages/storage-redis/src/index.ts") },
  { find: /^@mcpstore\/mcp-client$/, replacement: here("./packages/mcp-client/src/index.ts") },
  { find: /^@mcpstore\/store$/, replacement: here("./packages/store/src/index.ts") },
  { find: /^mcpstore\/redis$/, replacement: here("./packages/mcpstore/src/redis.ts") },
  { find: /^mcpstore$/, replacement: here("./packages/mcpstore/src/index.ts") },
];

/**
 * Tests here start real redis-server processes and MCP servers; on a loaded 2-core machine a start can
 * take seconds, so vitest's 5 s default fails tests for the machine, not the code. Fault tests that
 * need longer set their own timeout.
 */
export const realPartsTimeouts = { testTimeout: 30_000, hookTimeout: 60_000 } as const;

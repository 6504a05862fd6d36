import type { ConnectionOptions } from "@mcpstore/mcp-client";

/**
 * Fast supervision for tests: ms-scale backoff, no background pings unless a test asks (health checks
 * are driven with checkHealth()), generous start-up time for a loaded 2-core machine.
 */
export function fastOptions(overrides: ConnectionOptions = {}): ConnectionOptions {
  return {
    healthcheckIntervalMs: 0,
    pingTimeoutMs: 5_000,
    connectTimeoutMs: 30_000,
    requestTimeoutMs: 30_000,
    killGraceMs: 1_000,
    ...overrides,
    reconnect: { baseMs: 5, capMs: 40, maxAttempts: 3, slowRetryMs: 60_000, ...overrides.reconnect },
  };
}

import type { Server } from "@modelcontextprotocol/sdk/server/index.js";

/** What a test can observe about a fixture process: how it was used and what was cancelled. */
export interface FixtureStats {
  /** `tools/call` requests received, by tool name. */
  calls: Record<string, number>;
  /** Tool calls whose request was cancelled (AbortSignal fired) before they answered. */
  cancelled: number;
  /** MCP sessions (connections) opened so far; stdio has one. */
  sessions: number;
  /** Sessions open right now. */
  openSessions: number;
}

/**
 * State shared by every session of one fixture process: the counters, whether the `extra` tool exists,
 * and the live servers that must hear about a tool-list change.
 */
export class FixtureState {
  readonly stats: FixtureStats = { calls: {}, cancelled: 0, sessions: 0, openSessions: 0 };
  extraEnabled = false;
  private readonly servers = new Set<Server>();

  attach(server: Server): void {
    this.servers.add(server);
    this.stats.sessions++;
    this.stats.openSessions++;
  }

  detach(server: Server): void {
    if (this.servers.delete(server)) this.stats.openSessions--;
  }

  countCall(tool: string): void {
    this.stats.calls[tool] = (this.stats.calls[tool] ?? 0) + 1;
  }

  /** A copy, so a caller holding it sees the numbers of that moment. */
  snapshot(): FixtureStats {
    return { ...this.stats, calls: { ...this.stats.calls } };
  }

  async broadcastToolListChanged(): Promise<void> {
    // A session that went away mid-broadcast must not stop the others from hearing it.
    await Promise.allSettled([...this.servers].map((server) => server.sendToolListChanged()));
  }
}

import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

export type Client = "claude" | "cursor" | "vscode";

/** Where an OS's per-user application data lives (macOS, Windows, then XDG on Linux and the rest). */
function appData(home: string): string {
  if (process.platform === "darwin") return join(home, "Library", "Application Support");
  if (process.platform === "win32") return process.env.APPDATA ?? join(home, "AppData", "Roaming");
  return process.env.XDG_CONFIG_HOME || join(home, ".config");
}

/**
 * The files a client keeps its MCP servers in, most specific first: Claude Desktop's
 * claude_desktop_config.json; Cursor's project `.cursor/mcp.json`, then the global one; VS Code's
 * workspace `.vscode/mcp.json`, then the user profile's `mcp.json`.
 */
export function clientConfigCandidates(client: Client, cwd = process.cwd(), home = homedir()): string[] {
  switch (client) {
    case "claude":
      return [join(appData(home), "Claude", "claude_desktop_config.json")];
    case "cursor":
      return [join(cwd, ".cursor", "mcp.json"), join(home, ".cursor", "mcp.json")];
    case "vscode":
      return [join(cwd, ".vscode", "mcp.json"), join(appData(home), "Code", "User", "mcp.json")];
  }
}

/** The first candidate that exists, or undefined (the caller names every place it looked). */
export function findClientConfig(client: Client): { found: string | undefined; looked: string[] } {
  const looked = clientConfigCandidates(client);
  return { found: looked.find((p) => existsSync(p)), looked };
}

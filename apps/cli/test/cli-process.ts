import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const appDir = fileURLToPath(new URL("..", import.meta.url));
export const binPath = join(appDir, "dist", "bin.js");

function newestSource(dir: string): { file: string; mtime: number } {
  let newest = { file: "", mtime: 0 };
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const candidate = entry.isDirectory()
      ? newestSource(path)
      : { file: path, mtime: statSync(path).mtimeMs };
    if (candidate.mtime > newest.mtime) newest = candidate;
  }
  return newest;
}

/** These tests run the built binary; a stale build would test yesterday's CLI. */
export function assertFreshBuild(): void {
  const rebuild = "run `pnpm --filter @mcpstore/cli... build`";
  if (!existsSync(binPath)) throw new Error(`The CLI is not built (${binPath} is missing): ${rebuild}`);
  const newest = newestSource(join(appDir, "src"));
  if (newest.mtime > statSync(binPath).mtimeMs) {
    throw new Error(`The CLI build is older than ${newest.file}: ${rebuild}`);
  }
}

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliHome {
  readonly home: string;
  readonly cwd: string;
  readonly configPath: string;
  run(
    args: string[],
    options?: { input?: string; env?: Record<string, string>; cwd?: string },
  ): Promise<CliResult>;
  cleanup(): void;
}

/**
 * A throwaway HOME (so ~/.mcpstore/mcp.json is private to the test) and a runner that spawns
 * `node dist/bin.js` there, with no MCPSTORE_* variables from the outer environment and no TTY.
 */
export function cliHome(): CliHome {
  const home = mkdtempSync(join(tmpdir(), "mcpstore-cli-"));
  const cwd = join(home, "work");
  mkdirSync(cwd);
  const baseEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith("MCPSTORE_") && k !== "NO_COLOR" && k !== "FORCE_COLOR")
      baseEnv[k] = v;
  }
  baseEnv.HOME = home;
  baseEnv.XDG_CONFIG_HOME = join(home, ".config");
  return {
    home,
    cwd,
    configPath: join(home, ".mcpstore", "mcp.json"),
    run: (args, options = {}) =>
      new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [binPath, ...args], {
          cwd: options.cwd ?? cwd,
          env: { ...baseEnv, ...options.env },
          stdio: ["pipe", "pipe", "pipe"],
        });
        let stdout = "";
        let stderr = "";
        child.stdout.setEncoding("utf8").on("data", (d: string) => {
          stdout += d;
        });
        child.stderr.setEncoding("utf8").on("data", (d: string) => {
          stderr += d;
        });
        child.on("error", reject);
        child.on("close", (code) => resolve({ code, stdout, stderr }));
        child.stdin.end(options.input ?? "");
      }),
    cleanup: () => rmSync(home, { recursive: true, force: true }),
  };
}

import type { ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { processStartTime } from "./process-table.js";
import { startWatchdog } from "./watchdog.js";

/** Set by the global setup; vitest workers inherit it, so every server of one run lands under one root. */
export const RUN_ROOT_ENV = "MCPSTORE_TEST_REDIS_RUN_ROOT";
/** Run roots are `<tmpdir>/mcpstore-redis-<random>`; the reaper recognises leftovers by this prefix. */
export const RUN_ROOT_PREFIX = "mcpstore-redis-";
export const OWNER_FILE = "owner.json";
export const PIDS_DIR = "pids";

/** Who created a run root; the root is a leftover once this process is gone. */
export interface RunRootOwner {
  pid: number;
  /** Kernel start time of the owner, so a recycled pid is not mistaken for the owner. */
  startTime: number | undefined;
}

let ownRoot: string | undefined;
let watchdog: ChildProcess | undefined;

/** Creates a fresh run root owned by this process. */
export function createRunRoot(): string {
  const dir = mkdtempSync(join(tmpdir(), RUN_ROOT_PREFIX));
  mkdirSync(join(dir, PIDS_DIR));
  const owner: RunRootOwner = { pid: process.pid, startTime: processStartTime(process.pid) };
  writeFileSync(join(dir, OWNER_FILE), JSON.stringify(owner));
  return dir;
}

/**
 * The run root servers of this process go under: the one named by the environment (a vitest run), or one
 * created on first use and owned by this process (a script, or a test run without the global setup).
 */
export function currentRunRoot(): string {
  const inherited = process.env[RUN_ROOT_ENV];
  if (inherited) return inherited;
  if (ownRoot === undefined) {
    ownRoot = createRunRoot();
    watchdog = startWatchdog(ownRoot);
  }
  return ownRoot;
}

/**
 * Starts a run: a fresh root, named in the environment so every process started from here on (vitest
 * workers, child scripts) puts its servers under it, and owned by this process.
 */
export function beginRun(): string {
  const dir = createRunRoot();
  process.env[RUN_ROOT_ENV] = dir;
  ownRoot = dir;
  watchdog = startWatchdog(dir);
  return dir;
}

/** Ends the run begun by `beginRun` (after its servers were reaped). */
export function endRun(dir: string): void {
  if (process.env[RUN_ROOT_ENV] === dir) delete process.env[RUN_ROOT_ENV];
  if (ownRoot === dir) {
    ownRoot = undefined;
    watchdog?.kill("SIGKILL");
    watchdog = undefined;
  }
}

/** The run root this process created itself (not inherited), if any; its exit handler removes it. */
export function ownedRunRoot(): string | undefined {
  return ownRoot;
}

export function readOwner(root: string): RunRootOwner | undefined {
  try {
    const parsed: unknown = JSON.parse(readFileSync(join(root, OWNER_FILE), "utf8"));
    if (typeof parsed === "object" && parsed !== null && typeof (parsed as RunRootOwner).pid === "number") {
      return parsed as RunRootOwner;
    }
  } catch {
    // Missing or half-written owner file: treated as "no owner known".
  }
  return undefined;
}

import { readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type PidRecord, readPidRecords } from "./pid-records.js";
import { isSameLiveProcess, processCommandLine } from "./process-table.js";
import { RUN_ROOT_PREFIX, readOwner } from "./run-root.js";
import { waitFor } from "./wait-for.js";

/**
 * Whether the recorded pid is still the redis-server we started. The start time settles identity; the
 * command line check (redis rewrites its title to `redis-server 127.0.0.1:<port>`) guards records that
 * lack one.
 */
function isRecordedServer(record: PidRecord): boolean {
  if (!isSameLiveProcess(record.pid, record.startTime)) return false;
  const commandLine = processCommandLine(record.pid);
  return commandLine === undefined || commandLine.includes("redis");
}

/** SIGKILLs every live server recorded under `root`; returns their pids. Synchronous, for exit handlers. */
export function reapRunRootNow(root: string): number[] {
  const killed: number[] = [];
  for (const record of readPidRecords(root)) {
    if (!isRecordedServer(record)) continue;
    try {
      process.kill(record.pid, "SIGKILL");
      killed.push(record.pid);
    } catch {
      // Exited between the check and the kill.
    }
  }
  return killed;
}

/** Kills every server recorded under `root`, waits until they are gone, and removes the root. */
export async function reapRunRoot(root: string): Promise<number[]> {
  const records = readPidRecords(root);
  const killed = reapRunRootNow(root);
  await waitFor(() => records.every((record) => !isSameLiveProcess(record.pid, record.startTime)), {
    timeoutMs: 10_000,
    description: `servers of ${root} exited`,
  });
  rmSync(root, { recursive: true, force: true });
  return killed;
}

/** A root just being created has no owner file yet for a moment; only older ownerless roots are junk. */
const OWNERLESS_GRACE_MS = 60_000;

/**
 * Removes what earlier runs left behind: every run root under the temp dir whose owner process is gone
 * (a vitest run killed with SIGKILL, a crashed script), with its servers.
 */
export async function reapStaleRunRoots(tmp = tmpdir()): Promise<{ roots: string[]; killed: number[] }> {
  const roots: string[] = [];
  const killed: number[] = [];
  let names: string[];
  try {
    names = readdirSync(tmp);
  } catch {
    return { roots, killed };
  }
  for (const name of names) {
    if (!name.startsWith(RUN_ROOT_PREFIX)) continue;
    const root = join(tmp, name);
    if (!isAbandoned(root)) continue;
    killed.push(...(await reapRunRoot(root)));
    roots.push(root);
  }
  return { roots, killed };
}

function isAbandoned(root: string): boolean {
  const owner = readOwner(root);
  if (owner !== undefined) return !isSameLiveProcess(owner.pid, owner.startTime);
  try {
    return Date.now() - statSync(root).mtimeMs > OWNERLESS_GRACE_MS;
  } catch {
    return false;
  }
}

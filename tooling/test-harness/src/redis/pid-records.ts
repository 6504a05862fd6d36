import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PIDS_DIR } from "./run-root.js";

/**
 * One file per running server under `<run root>/pids/<pid>`: whoever tears the run down (the global
 * teardown, the start-up reaper, the watchdog) finds every server there, including servers started inside
 * vitest workers that died before they could stop them.
 */
export interface PidRecord {
  pid: number;
  /** Kernel start time, so a recycled pid is never killed by mistake. */
  startTime: number | undefined;
  port: number;
  /** The server's own temp dir, removed with it. */
  dir: string;
  /** The process that started the server. */
  startedBy: number;
}

export function writePidRecord(root: string, record: PidRecord): void {
  // Recreated if the run's owner already tore the root down (a vitest worker outliving an interrupted
  // run); an ownerless root is reaped by a later run.
  mkdirSync(join(root, PIDS_DIR), { recursive: true });
  writeFileSync(join(root, PIDS_DIR, String(record.pid)), JSON.stringify(record));
}

export function removePidRecord(root: string, pid: number): void {
  rmSync(join(root, PIDS_DIR, String(pid)), { force: true });
}

export function readPidRecords(root: string): PidRecord[] {
  let names: string[];
  try {
    names = readdirSync(join(root, PIDS_DIR));
  } catch {
    return [];
  }
  const records: PidRecord[] = [];
  for (const name of names) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid <= 0) continue;
    records.push(parseRecord(root, pid));
  }
  return records;
}

function parseRecord(root: string, pid: number): PidRecord {
  try {
    const parsed = JSON.parse(readFileSync(join(root, PIDS_DIR, String(pid)), "utf8")) as Partial<PidRecord>;
    return {
      pid,
      startTime: typeof parsed.startTime === "number" ? parsed.startTime : undefined,
      port: typeof parsed.port === "number" ? parsed.port : 0,
      dir: typeof parsed.dir === "string" ? parsed.dir : "",
      startedBy: typeof parsed.startedBy === "number" ? parsed.startedBy : 0,
    };
  } catch {
    // A record cut short by a crash still names the pid; the command-line check guards the kill.
    return { pid, startTime: undefined, port: 0, dir: "", startedBy: 0 };
  }
}

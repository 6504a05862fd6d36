import { readFileSync } from "node:fs";

/**
 * The kernel's start time of a process (clock ticks since boot, from /proc/<pid>/stat), or undefined where
 * /proc is unavailable. Together with the pid it names one process for good: pids are recycled, start
 * times of a recycled pid differ.
 */
export function processStartTime(pid: number): number | undefined {
  const stat = readStat(pid);
  if (stat === undefined) return undefined;
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // Field 22 of stat; fields[0] here is field 3 (state).
  const value = Number(fields[19]);
  return Number.isFinite(value) ? value : undefined;
}

/** Single-letter process state from /proc ("R", "S", "Z", ...), or undefined if there is no such process. */
export function processState(pid: number): string | undefined {
  const stat = readStat(pid);
  if (stat === undefined) return undefined;
  return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
}

/**
 * Whether `pid` is still the process recorded earlier. A zombie counts as gone: it runs nothing and only
 * waits for its parent to collect it.
 */
export function isSameLiveProcess(pid: number, startTime: number | undefined): boolean {
  const state = processState(pid);
  if (state === undefined) return hasNoProcfs() ? signalZero(pid) : false;
  if (state === "Z" || state === "X") return false;
  return startTime === undefined || processStartTime(pid) === startTime;
}

export function processCommandLine(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ").trim();
  } catch {
    return undefined;
  }
}

function readStat(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined;
  }
}

let procfs: boolean | undefined;
function hasNoProcfs(): boolean {
  procfs ??= readStat(process.pid) !== undefined;
  return !procfs;
}

function signalZero(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

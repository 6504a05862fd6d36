import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

const isWindows = process.platform === "win32";
const hasProc = process.platform === "linux";

/** Sends `signal` to every process of the group led by `pgid`; false when none is left. */
export function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  if (isWindows) {
    if (signal === "SIGKILL") spawn("taskkill", ["/pid", String(pgid), "/T", "/F"], { stdio: "ignore" });
    return false;
  }
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * Live (non-zombie) members of a process group. On Linux this reads /proc, so zombies left for a
 * non-reaping init do not count as survivors; elsewhere it can only say whether the group exists.
 */
export function groupMembers(pgid: number): number[] {
  if (isWindows) return [];
  if (!hasProc) return signalGroup(pgid, 0) ? [pgid] : [];
  const members: number[] = [];
  for (const entry of readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const stat = readStat(pid);
    if (stat && stat.pgrp === pgid && stat.state !== "Z" && stat.state !== "X") members.push(pid);
  }
  return members;
}

/** `/proc/<pid>/stat` fields we need; the command name may hold spaces and parens, so parse from the last ')'. */
export function readStat(pid: number): { state: string; ppid: number; pgrp: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return { state: fields[0]!, ppid: Number(fields[1]), pgrp: Number(fields[2]) };
  } catch {
    return undefined;
  }
}

/** Resolves true once no live member of the group is left, false if some survive `timeoutMs`. */
export async function waitGroupGone(pgid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (groupMembers(pgid).length === 0) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
}

// Groups we started and have not yet seen die: killed if this process exits without closing them,
// so a crashed or forgetful host does not leave servers running.
const liveGroups = new Set<number>();
let exitHookInstalled = false;

export function trackGroup(pgid: number): void {
  liveGroups.add(pgid);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once("exit", () => {
      for (const g of liveGroups) signalGroup(g, "SIGKILL");
    });
  }
}

export function untrackGroup(pgid: number): void {
  liveGroups.delete(pgid);
}

import { readdirSync, readFileSync } from "node:fs";

interface ProcStat {
  pid: number;
  ppid: number;
  pgrp: number;
  state: string;
}

function readAll(): ProcStat[] {
  const out: ProcStat[] = [];
  for (const entry of readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const text = readFileSync(`/proc/${pid}/stat`, "utf8");
      const f = text.slice(text.lastIndexOf(")") + 2).split(" ");
      out.push({ pid, state: f[0]!, ppid: Number(f[1]), pgrp: Number(f[2]) });
    } catch {
      // exited while we looked
    }
  }
  return out;
}

/** `pid` and all its live descendants (zombies excluded: they are dead, just not yet reaped). */
export function processTree(pid: number): number[] {
  const all = readAll().filter((p) => p.state !== "Z" && p.state !== "X");
  const tree = new Set([pid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of all) {
      if (!tree.has(p.pid) && tree.has(p.ppid)) {
        tree.add(p.pid);
        grew = true;
      }
    }
  }
  return [...tree].filter((p) => all.some((q) => q.pid === p));
}

/** Live members of a process group. */
export function groupMembers(pgid: number): number[] {
  return readAll()
    .filter((p) => p.pgrp === pgid && p.state !== "Z" && p.state !== "X")
    .map((p) => p.pid);
}

export function isAlive(pid: number): boolean {
  return readAll().some((p) => p.pid === pid && p.state !== "Z" && p.state !== "X");
}

export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
  } catch {
    return "";
  }
}

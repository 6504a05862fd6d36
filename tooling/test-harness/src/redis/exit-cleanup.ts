import { rmSync } from "node:fs";
import { reapRunRootNow } from "./reaper.js";
import { ownedRunRoot } from "./run-root.js";

/** What the exit handler needs from a running server: kill it now, synchronously, and forget it. */
export interface KillableNow {
  killNow(): void;
}

const live = new Set<KillableNow>();
let installed = false;

/** Tracks a server started by this process, so this process's exit or a signal takes it down too. */
export function trackServer(server: KillableNow): void {
  installExitCleanup();
  live.add(server);
}

export function untrackServer(server: KillableNow): void {
  live.delete(server);
}

function cleanUpNow(): void {
  for (const server of live) server.killNow();
  live.clear();
  const root = ownedRunRoot();
  if (root !== undefined) {
    reapRunRootNow(root);
    rmSync(root, { recursive: true, force: true });
  }
}

/**
 * On exit or SIGINT/SIGTERM/SIGHUP: kill this process's servers, and every server under the run root this
 * process owns (those of vitest workers included). Installed once, on first use.
 */
export function installExitCleanup(): void {
  if (installed) return;
  installed = true;
  process.on("exit", cleanUpNow);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    const onSignal = () => {
      cleanUpNow();
      // Alone, our listener would swallow the signal; then restore the default (die by it). If others
      // listen (vitest does), they decide how the process ends.
      if (process.listenerCount(signal) === 1) {
        process.removeListener(signal, onSignal);
        process.kill(process.pid, signal);
      }
    };
    process.on(signal, onSignal);
  }
}

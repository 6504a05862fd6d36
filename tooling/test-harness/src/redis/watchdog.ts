import { type ChildProcess, spawn } from "node:child_process";

/** `0` turns the watchdog off (the reaper test does, to check the start-up reaper on its own). */
export const WATCHDOG_ENV = "MCPSTORE_TEST_REDIS_WATCHDOG";

/**
 * Waits for the owner to die, then kills every redis server recorded under the run root and removes it.
 * Plain sh so it needs nothing to be loaded; `ps` confirms a recorded pid is still a redis process.
 */
const SCRIPT = `
owner="$1"; root="$2"
while kill -0 "$owner" 2>/dev/null; do sleep 1; done
for record in "$root"/pids/*; do
  [ -e "$record" ] || continue
  pid="\${record##*/}"
  if ps -p "$pid" -o command= 2>/dev/null | grep -q redis; then kill -9 "$pid" 2>/dev/null; fi
done
rm -rf "$root"
`;

/**
 * A detached process that cleans the run root up if its owner dies without running any exit handler
 * (SIGKILL, OOM): the servers would otherwise run until the next run's start-up reaper. Detached, so a
 * Ctrl-C to the terminal's process group does not take it down before the owner.
 */
export function startWatchdog(root: string, owner = process.pid): ChildProcess | undefined {
  if (process.env[WATCHDOG_ENV] === "0") return undefined;
  const child = spawn("sh", ["-c", SCRIPT, "mcpstore-redis-watchdog", String(owner), root], {
    detached: true,
    stdio: "ignore",
  });
  child.on("error", () => {});
  child.unref();
  return child;
}

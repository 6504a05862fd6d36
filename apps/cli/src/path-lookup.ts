import { resolve } from "node:path";
import which from "which";

/**
 * Whether `command` can be started: a name found on PATH (PATHEXT on Windows) or an executable
 * path (relative ones from the server's working directory). The store would only find out in the
 * background, as a connection that keeps failing.
 */
export function commandExists(command: string, cwd: string = process.cwd()): boolean {
  const target = /[\\/]/.test(command) ? resolve(cwd, command) : command;
  return which.sync(target, { nothrow: true }) !== null;
}

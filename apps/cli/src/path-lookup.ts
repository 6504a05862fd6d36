import { accessSync, constants, statSync } from "node:fs";
import { delimiter, isAbsolute, join, resolve } from "node:path";

/**
 * Whether `command` can be started: an existing executable path, or a name found on PATH (with
 * PATHEXT on Windows). The store would only find out in the background, as a failed connection.
 */
export function commandExists(
  command: string,
  cwd: string = process.cwd(),
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  const exts =
    process.platform === "win32" ? ["", ...(env.PATHEXT ?? ".EXE;.CMD;.BAT;.COM").split(";")] : [""];
  const runnable = (file: string) =>
    exts.some((ext) => {
      try {
        if (!statSync(file + ext).isFile()) return false;
        if (process.platform !== "win32") accessSync(file + ext, constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
  if (command.includes("/") || command.includes("\\") || isAbsolute(command))
    return runnable(resolve(cwd, command));
  return (env.PATH ?? env.Path ?? "")
    .split(delimiter)
    .filter(Boolean)
    .some((dir) => runnable(join(dir, command)));
}

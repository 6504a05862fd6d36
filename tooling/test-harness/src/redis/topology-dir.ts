import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { currentRunRoot } from "./run-root.js";

/** `<run root>/<kind>-<random>`: the dir holding the server dirs of one topology. */
export function createTopologyDir(kind: string): string {
  const dir = join(currentRunRoot(), `${kind}-${randomBytes(4).toString("hex")}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

export function removeTopologyDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { TestProject } from "vitest/node";

export const HARNESS_PACKAGE = "@mcpstore/test-harness";

/**
 * The projects of this run that can use the shared topologies: the harness itself and every package that
 * depends on it (a test needs the harness anyway for the typed `inject("redis")`). A run of other projects
 * only (say `--project @mcpstore/keyspace`) starts no Redis at all.
 */
export function projectsUsingHarness(project: TestProject): string[] {
  return project.vitest.projects
    .filter((candidate) => candidate.name === HARNESS_PACKAGE || dependsOnHarness(candidate.config.root))
    .map((candidate) => candidate.name);
}

function dependsOnHarness(root: string): boolean {
  try {
    const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as Record<string, unknown>;
    return ["dependencies", "devDependencies", "peerDependencies"].some((field) => {
      const deps = manifest[field];
      return typeof deps === "object" && deps !== null && HARNESS_PACKAGE in deps;
    });
  } catch {
    return false;
  }
}

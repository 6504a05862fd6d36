#!/usr/bin/env node
// Fails when a tracked file points at a local Markdown file that is not in the repository: a link
// `[text](path)` in a .md file (any local target), or a bare `something.md` mentioned in any tracked
// text file (README, code comment, package.json). Part of `pnpm run check`, so `pnpm test` runs it.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";

const root = execFileSync("git", ["rev-parse", "--show-toplevel"], { encoding: "utf8" }).trim();
const files = execFileSync("git", ["ls-files", "-z"], { cwd: root, encoding: "utf8" })
  .split("\0")
  .filter((f) => f && /\.(md|ts|mts|cts|js|mjs|cjs|json|ya?ml)$/.test(f) && !f.endsWith("pnpm-lock.yaml"));

const SELF = "tooling/scripts/check-links.mjs";
const LINK = /\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g;
const MENTION = /(?<![\w/.:*-])((?:\.{1,2}\/|[\w@-]+\/)*[\w.-]+\.md)\b(?![\w/-])/g;
const problems = [];

const exists = (from, target) =>
  existsSync(join(root, dirname(from), target)) || existsSync(join(root, target));

for (const file of files) {
  const path = join(root, file);
  if (!existsSync(path)) continue;
  const text = readFileSync(path, "utf8");
  const lines = text.split("\n");
  lines.forEach((line, index) => {
    const where = `${file}:${index + 1}`;
    if (file.endsWith(".md")) {
      for (const [, raw] of line.matchAll(LINK)) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(raw) || raw.startsWith("#")) continue; // URL, mailto:, anchor
        const target = decodeURIComponent(raw.split("#")[0]);
        if (target && !existsSync(join(root, dirname(file), target))) {
          problems.push(`${where}: link to ${raw}, which does not exist`);
        }
      }
    }
    if (file === SELF) return; // its own comments show examples
    for (const match of line.matchAll(MENTION)) {
      const target = match[1];
      const before = line.slice(0, match.index);
      if (/[a-z][a-z0-9+.-]*:\/\/\S*$/i.test(before)) continue; // part of a URL
      if (!exists(file, target))
        problems.push(`${where}: mentions ${target}, which is not in the repository`);
    }
  });
}

if (problems.length) {
  console.error(`Links to missing Markdown files (${problems.length}):\n  ${problems.join("\n  ")}`);
  console.error(
    `\nFix the path, add the file, or drop the reference. (${relative(process.cwd(), root) || "."})`,
  );
  process.exit(1);
}

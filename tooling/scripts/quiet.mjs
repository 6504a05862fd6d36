#!/usr/bin/env node
// Runs a command and prints nothing unless it fails; then it prints everything the command wrote, so
// `pnpm start` shows the demo, not a build log, yet a broken build still says why.
//   node tooling/scripts/quiet.mjs turbo run build --filter=...
import { spawn } from "node:child_process";

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error("usage: quiet.mjs <command> [args...]");
  process.exit(2);
}
const child = spawn(command, args, {
  stdio: ["ignore", "pipe", "pipe"],
  shell: process.platform === "win32",
});
const chunks = [];
child.stdout.on("data", (c) => chunks.push(c));
child.stderr.on("data", (c) => chunks.push(c));
child.on("error", (error) => {
  console.error(`${command}: ${error.message}`);
  process.exit(1);
});
child.on("close", (code) => {
  if (code !== 0) {
    process.stderr.write(Buffer.concat(chunks));
    console.error(`\n${[command, ...args].join(" ")} failed (exit code ${code})`);
  }
  process.exit(code ?? 1);
});

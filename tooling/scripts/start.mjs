#!/usr/bin/env node
// `pnpm start`: builds what the quick start needs without printing the build log (only a failure's
// output is shown, so a broken build still says why), then runs examples/quickstart.
import { spawn } from "node:child_process";

const shell = process.platform === "win32";

/** Runs a command; with `quiet`, its output is kept and printed only if it fails. */
function run(command, args, { quiet }) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: quiet ? ["ignore", "pipe", "pipe"] : "inherit", shell });
    const chunks = [];
    child.stdout?.on("data", (c) => chunks.push(c));
    child.stderr?.on("data", (c) => chunks.push(c));
    child.on("error", (error) => {
      console.error(`${command}: ${error.message}`);
      resolve(1);
    });
    child.on("close", (code) => {
      if (code !== 0 && quiet) {
        process.stderr.write(Buffer.concat(chunks));
        console.error(`\n${[command, ...args].join(" ")} failed (exit code ${code})`);
      }
      resolve(code ?? 1);
    });
  });
}

const built = await run(
  "pnpm",
  ["exec", "turbo", "run", "build", "--filter=@mcpstore/example-quickstart...", "--output-logs=errors-only"],
  { quiet: true },
);
if (built !== 0) process.exit(built);
process.exit(
  await run("pnpm", ["--silent", "--filter", "@mcpstore/example-quickstart", "start"], { quiet: false }),
);

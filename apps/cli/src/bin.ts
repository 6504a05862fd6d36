import { run } from "./run.js";

// `mcpstore tools | head`: the reader went away; that is not an error worth a stack trace.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await run(process.argv.slice(2));
// Every command closes its store (and the servers it started) before returning; this only guards
// against a library handle that would keep a finished command alive.
setTimeout(() => process.exit(), 2_000).unref();

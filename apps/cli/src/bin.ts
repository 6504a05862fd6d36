import { run } from "./run.js";

process.exitCode = await run(process.argv.slice(2));
// Every command closes its store (and the servers it started) before returning; this only guards
// against a library handle that would keep a finished command alive.
setTimeout(() => process.exit(), 2_000).unref();

import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import type { FixtureOptions } from "./options.js";
import { createFixtureServer } from "./server.js";
import { FixtureState } from "./state.js";

/** Serves one fixture session on this process's stdin/stdout, with the misbehaviour switches applied. */
export async function runStdioFixture(options: FixtureOptions): Promise<void> {
  if (options.exitOnStart) {
    process.stderr.write("fixture: --exit-on-start given, exiting before initialising\n");
    process.exitCode = 1;
    return;
  }
  if (options.stderrNoise) process.stderr.write("fixture: starting on stdio (stderr noise on)\n");

  const state = new FixtureState();
  const server = createFixtureServer(options, state, (code) => process.exit(code));
  if (options.stdoutGarbage) {
    process.stdout.write("fixture: this stdout line is not JSON-RPC\n");
    server.oninitialized = () => {
      process.stdout.write("fixture: neither is this one, written after initialized\n");
    };
  }

  await server.connect(new StdioServerTransport());
  // The SDK transport never notices stdin closing; a client that hung up must not leave us running
  // (a pending `slow` timer would keep the process alive).
  process.stdin.once("end", () => process.exit(0));
}

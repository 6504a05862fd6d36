import { listenHttpFixture } from "./http.js";
import { parseFixtureArgs } from "./options.js";
import { runStdioFixture } from "./stdio.js";

/**
 * The fixture server's command line: `fixture-server.js --stdio [flags]` or `--http [flags]`.
 * Over HTTP it prints one JSON line `{"url":"http://127.0.0.1:PORT"}` on stdout once it listens.
 */
async function main(): Promise<void> {
  const { transport, options } = parseFixtureArgs(process.argv.slice(2));
  if (transport === "stdio") {
    await runStdioFixture(options);
    return;
  }
  if (options.exitOnStart) {
    process.stderr.write("fixture: --exit-on-start given, exiting before listening\n");
    process.exitCode = 1;
    return;
  }
  const fixture = await listenHttpFixture(options);
  process.stdout.write(`${JSON.stringify({ url: fixture.url })}\n`);
  const stop = () => void fixture.close().finally(() => process.exit(0));
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`fixture: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});

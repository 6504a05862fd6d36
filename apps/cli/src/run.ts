import { VERSION } from "./version.js";

/**
 * Runs the CLI with the given arguments and returns the process exit code. `--version` alone is
 * answered before commander or anything else is loaded, so it stays about as fast as node itself.
 */
export async function run(argv: string[]): Promise<number> {
  if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-V")) {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const { main } = await import("./main.js");
  return main(argv);
}

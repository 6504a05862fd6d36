import { CliError, describeError, EXIT } from "./errors.js";
import type { GlobalOptions } from "./globals.js";
import { Output } from "./output.js";
import { buildProgram } from "./program.js";

/** What a command returns: its exit code (errors are thrown and mapped in one place). */
export type CommandResult = Promise<number>;

/** Parses the arguments with commander, runs the command, and maps whatever it throws to an exit code. */
export async function main(argv: string[]): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = buildProgram(async (globals: GlobalOptions, command: (out: Output) => CommandResult) => {
    const out = new Output({ json: globals.json === true, debug: globals.debug === true });
    try {
      exitCode = await command(out);
    } catch (error) {
      exitCode = report(error, out);
    }
  });
  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (error) {
    const e = error as { code?: string; exitCode?: number };
    // commander has already printed its own one-line message (or the help / version) on the right stream.
    if (typeof e.code === "string" && e.code.startsWith("commander.")) {
      if (e.exitCode === 0 || e.code === "commander.helpDisplayed" || e.code === "commander.version")
        return EXIT.ok;
      // Scripts asked for JSON: the usage error too (commander printed its line on stderr already).
      if (argv.includes("--json")) {
        const message = (error as Error).message.replace(/^error: /, "").replace(/\s*\n\s*/g, " ");
        new Output({ json: true, debug: false }).data({
          error: { code: "USAGE", message, exitCode: EXIT.usage },
        });
      }
      return EXIT.usage;
    }
    return report(error, new Output({ json: argv.includes("--json"), debug: argv.includes("--debug") }));
  }
  return exitCode;
}

/** One line on stderr (a stack only with --debug); with --json also the error as the one JSON document. */
function report(error: unknown, out: Output): number {
  const { code, message, exitCode } = describeError(error);
  if (out.json) out.data({ error: { code, message, exitCode } });
  out.error(message);
  if (out.debug && error instanceof Error && !(error instanceof CliError) && error.stack)
    out.note(out.ce.dim(error.stack));
  return exitCode;
}

const USAGE = `Usage: mcpstore <command> [options]

Commands are added by the CLI issue. Options:
  --help     show this help
  --version  print the version`;

/** Runs the CLI with the given arguments; returns the process exit code. */
export async function run(argv: string[], out: (line: string) => void = console.log): Promise<number> {
  if (argv.includes("--version")) {
    out("0.0.0");
    return 0;
  }
  if (argv.length === 0 || argv.includes("--help")) {
    out(USAGE);
    return 0;
  }
  out(`mcpstore: unknown command "${argv[0]}"\n\n${USAGE}`);
  return 2;
}

import Table from "cli-table3";
import pc from "picocolors";
import yoctoSpinner from "yocto-spinner";

/** Colour only for a terminal, never with NO_COLOR (https://no-color.org); FORCE_COLOR forces it. */
function wantsColour(stream: NodeJS.WriteStream): boolean {
  const env = process.env;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "0") return true;
  return stream.isTTY === true && env.TERM !== "dumb";
}

export type Colours = ReturnType<typeof pc.createColors>;

/**
 * Everything a command prints goes through here: data on stdout (a table for people, exactly one
 * JSON document with --json), messages and spinners on stderr.
 */
export class Output {
  readonly json: boolean;
  readonly debug: boolean;
  /** Colours for stdout. */
  readonly c: Colours;
  /** Colours for stderr. */
  readonly ce: Colours;

  constructor(options: { json: boolean; debug: boolean }) {
    this.json = options.json;
    this.debug = options.debug;
    this.c = pc.createColors(!this.json && wantsColour(process.stdout));
    this.ce = pc.createColors(wantsColour(process.stderr));
  }

  /** A line of data on stdout (people's output only). */
  line(text = ""): void {
    process.stdout.write(`${text}\n`);
  }

  /** Text that may already end with a newline (a tool's or a resource's text): exactly one is printed. */
  text(text: string): void {
    process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
  }

  /** The one JSON document of a --json run. */
  data(value: unknown): void {
    process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** A message for the person on stderr (never on stdout, so --json stays pure). */
  note(text: string): void {
    process.stderr.write(`${text}\n`);
  }

  warn(text: string): void {
    process.stderr.write(`${this.ce.yellow("warning:")} ${text}\n`);
  }

  error(text: string): void {
    process.stderr.write(`${this.ce.red("error:")} ${text}\n`);
  }

  /** Aligned columns without borders; the header dimmed when colour is on. */
  table(head: string[], rows: (string | number)[][]): void {
    const table = new Table({
      head: head.map((h) => this.c.bold(h)),
      style: { head: [], border: [], "padding-left": 0, "padding-right": 2 },
      chars: {
        top: "",
        "top-mid": "",
        "top-left": "",
        "top-right": "",
        bottom: "",
        "bottom-mid": "",
        "bottom-left": "",
        "bottom-right": "",
        left: "",
        "left-mid": "",
        mid: "",
        "mid-mid": "",
        right: "",
        "right-mid": "",
        middle: "",
      },
    });
    for (const row of rows) table.push(row.map(String));
    // cli-table3 pads the last column too; trailing blanks only get in the way of copy and grep.
    this.line(
      table
        .toString()
        .split("\n")
        .map((l) => l.trimEnd())
        .join("\n"),
    );
  }

  /**
   * Runs `work` with a spinner on stderr when stderr is a terminal; otherwise silently. The spinner
   * is cleared before anything else is printed.
   */
  async spin<T>(text: string, work: () => Promise<T>): Promise<T> {
    if (process.stderr.isTTY !== true || process.env.CI) return work();
    const spinner = yoctoSpinner({ text, stream: process.stderr, handleSignals: false }).start();
    try {
      return await work();
    } finally {
      spinner.stop();
    }
  }

  /** A service state, coloured by how good it is. */
  state(state: string): string {
    if (state === "healthy") return this.c.green(state);
    if (state === "warning" || state === "initializing" || state === "reconnecting")
      return this.c.yellow(state);
    return this.c.red(state);
  }
}

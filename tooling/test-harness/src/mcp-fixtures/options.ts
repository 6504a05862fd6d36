/**
 * Every knob of the fixture MCP server, shared by the in-process form, the child-process form and the
 * command line. `fixtureArgs` and `parseFixtureArgs` are the only two places that know the flag spelling.
 */
export interface FixtureOptions {
  /** Server name announced in `initialize` (default `fixture`), handy to tell several fixtures apart. */
  name?: string;
  /** Page size of `tools/list`, `resources/list` and `prompts/list`; unset = one page. */
  paginate?: number;
  /** Adds this many numbered filler tools (`filler_001`, ...) so pagination has something to page. */
  tools?: number;
  /** Stdio: writes a non-JSON line to stdout before connecting and again after `initialized`. */
  stdoutGarbage?: boolean;
  /** Writes a line to stderr at start and on every request. */
  stderrNoise?: boolean;
  /** Exits with code 1 and a message on stderr before initialising. */
  exitOnStart?: boolean;
  /** HTTP: every MCP endpoint requires `Authorization: Bearer <token>` (401 otherwise). */
  token?: string;
  /** HTTP: every request is answered with this status (e.g. 404, 500) and nothing else happens. */
  status?: number;
  /** HTTP: `POST /mcp` answers 405 and `GET /mcp` serves the legacy SSE stream, like a pre-2025 server. */
  sseOnly?: boolean;
  /** HTTP: streamable answers are plain JSON bodies instead of SSE streams. */
  jsonResponse?: boolean;
  /** HTTP: interface to bind (default 127.0.0.1). */
  host?: string;
  /** HTTP: port to bind (default 0 = any free port). */
  port?: number;
}

const booleanFlags = {
  stdoutGarbage: "--stdout-garbage",
  stderrNoise: "--stderr-noise",
  exitOnStart: "--exit-on-start",
  sseOnly: "--sse-only",
  jsonResponse: "--json-response",
} as const satisfies Partial<Record<keyof FixtureOptions, string>>;

const numberFlags = {
  paginate: "--paginate",
  tools: "--tools",
  status: "--status",
  port: "--port",
} as const satisfies Partial<Record<keyof FixtureOptions, string>>;

const stringFlags = {
  name: "--name",
  token: "--token",
  host: "--host",
} as const satisfies Partial<Record<keyof FixtureOptions, string>>;

/** Turns options into command-line flags for the fixture bin (`--paginate 5 --stderr-noise ...`). */
export function fixtureArgs(options: FixtureOptions = {}): string[] {
  const args: string[] = [];
  for (const [key, flag] of Object.entries(booleanFlags)) {
    if (options[key as keyof typeof booleanFlags]) args.push(flag);
  }
  for (const [key, flag] of Object.entries(numberFlags)) {
    const value = options[key as keyof typeof numberFlags];
    if (value !== undefined) args.push(flag, String(value));
  }
  for (const [key, flag] of Object.entries(stringFlags)) {
    const value = options[key as keyof typeof stringFlags];
    if (value !== undefined) args.push(flag, value);
  }
  return args;
}

export type FixtureTransport = "stdio" | "http";

/** Parses the bin's command line; unknown flags and bad numbers throw, so a typo never runs silently. */
export function parseFixtureArgs(argv: readonly string[]): {
  transport: FixtureTransport;
  options: FixtureOptions;
} {
  let transport: FixtureTransport = "stdio";
  const options: FixtureOptions = {};
  const flagNames = (table: Record<string, string>) => new Map(Object.entries(table).map(([k, f]) => [f, k]));
  const booleans = flagNames(booleanFlags);
  const numbers = flagNames(numberFlags);
  const strings = flagNames(stringFlags);
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] ?? "";
    if (flag === "--stdio" || flag === "--http") {
      transport = flag === "--stdio" ? "stdio" : "http";
      continue;
    }
    const booleanKey = booleans.get(flag);
    if (booleanKey) {
      Object.assign(options, { [booleanKey]: true });
      continue;
    }
    const numberKey = numbers.get(flag);
    const stringKey = strings.get(flag);
    if (!numberKey && !stringKey) throw new Error(`fixture-server: unknown flag ${JSON.stringify(flag)}`);
    const value = argv[++i];
    if (value === undefined) throw new Error(`fixture-server: ${flag} needs a value`);
    if (numberKey) {
      const number = Number(value);
      if (!Number.isInteger(number) || number < 0) {
        throw new Error(`fixture-server: ${flag} needs a non-negative integer, got ${JSON.stringify(value)}`);
      }
      Object.assign(options, { [numberKey]: number });
    } else {
      Object.assign(options, { [stringKey as string]: value });
    }
  }
  return { transport, options };
}

/**
 * The one place that turns errors into exit codes and one-line messages. Store errors are matched by
 * their stable `code` string, never by class, so renames of error classes do not change what a
 * script sees.
 */

/** Exit codes a script can trust (also listed in `mcpstore --help` and the README). */
export const EXIT = {
  ok: 0,
  /** The tool returned isError, or the operation failed. */
  failed: 1,
  /** The command line was wrong: unknown command or option, bad arguments, unknown name, bad config file. */
  usage: 2,
  /** A service is unavailable, or a wait or call timed out. */
  unavailable: 3,
  /** Storage (Redis) is unreachable. */
  storage: 4,
} as const;

export const EXIT_CODES_HELP = `Exit codes:
  0  ok
  1  the tool returned isError, or the operation failed
  2  usage error (unknown command, option, tool or service; bad --args; bad config file)
  3  a service is unavailable, or a timeout
  4  storage unreachable`;

/** A mistake the CLI itself detects; `code` follows the store's style so --json output is uniform. */
export class CliError extends Error {
  readonly code: string;
  readonly exitCode: number;

  constructor(code: string, message: string, exitCode: number = EXIT.usage) {
    super(message);
    this.name = "CliError";
    this.code = code;
    this.exitCode = exitCode;
  }
}

const BY_CODE: Record<string, number> = {
  // the user's input is wrong
  OPTIONS_INVALID: EXIT.usage,
  CONFIG_INVALID: EXIT.usage,
  MCP_JSON_INVALID: EXIT.usage,
  MCP_JSON_NOT_FOUND: EXIT.usage,
  SERVICE_NOT_FOUND: EXIT.usage,
  TOOL_NOT_FOUND: EXIT.usage,
  TOOL_AMBIGUOUS: EXIT.usage,
  PROMPT_NOT_FOUND: EXIT.usage,
  PROMPT_AMBIGUOUS: EXIT.usage,
  RESOURCE_NOT_FOUND: EXIT.usage,
  RESOURCE_AMBIGUOUS: EXIT.usage,
  AGENT_ID_INVALID: EXIT.usage,
  SERVICE_NAME_INVALID: EXIT.usage,
  // a service is not there, or something took too long
  SERVICE_UNAVAILABLE: EXIT.unavailable,
  SERVICE_WAIT_TIMEOUT: EXIT.unavailable,
  WAIT_TIMEOUT: EXIT.unavailable,
  TOOL_TIMEOUT: EXIT.unavailable,
  REQUEST_TIMEOUT: EXIT.unavailable,
  CONNECTION_CLOSED: EXIT.unavailable,
  CONNECT_FAILED: EXIT.unavailable,
  // storage
  STORAGE_UNREACHABLE: EXIT.storage,
  STORAGE_AUTH: EXIT.storage,
  STORAGE_CONFIG: EXIT.storage,
  STORAGE_CLOSED: EXIT.storage,
  STORAGE_QUEUE_FULL: EXIT.storage,
  STORAGE_REDIS_MISSING: EXIT.storage,
  STORAGE_UNWRITTEN: EXIT.storage,
};

export interface DescribedError {
  readonly code: string;
  readonly message: string;
  readonly exitCode: number;
}

/** Code, one-line message and exit code of anything thrown by a command. */
export function describeError(error: unknown): DescribedError {
  if (error instanceof CliError)
    return { code: error.code, message: error.message, exitCode: error.exitCode };
  const code =
    typeof (error as { code?: unknown })?.code === "string" ? (error as { code: string }).code : "";
  const message = error instanceof Error ? error.message : String(error);
  return {
    code: code || "INTERNAL",
    message: oneLine(message),
    exitCode: BY_CODE[code] ?? EXIT.failed,
  };
}

/** Multi-line messages (option issue lists) folded onto one line: stderr gets one line per error. */
function oneLine(message: string): string {
  return message
    .split("\n")
    .map((l) => l.trim().replace(/^- /, ""))
    .filter(Boolean)
    .join(" ")
    .replace(/:\s+/g, ": ");
}

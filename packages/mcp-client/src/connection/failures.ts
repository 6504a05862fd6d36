import { SseError } from "@modelcontextprotocol/sdk/client/sse.js";
import { StreamableHTTPError } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import { ConfigError, type ConnectFailureReason, ServiceAuthError, ServiceConnectError } from "../errors.js";
import type { ExitInfo } from "./stdio-transport.js";

const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
  "ETIMEDOUT",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_CLOSED",
]);

/** The HTTP status a transport error carries, if any (the SDK puts it in different places per transport). */
export function httpStatusOf(error: unknown): number | undefined {
  if (error instanceof StreamableHTTPError || error instanceof SseError) {
    const code = error.code;
    if (typeof code === "number" && code >= 100 && code < 600) return code;
  }
  if (error instanceof Error) {
    const m = /\(HTTP (\d{3})\)|Non-200 status code \((\d{3})\)/.exec(error.message);
    if (m) return Number(m[1] ?? m[2]);
  }
  return undefined;
}

/** A socket-level error code (ECONNREFUSED, ...) anywhere in the cause chain, or "fetch failed" without one. */
export function networkCodeOf(error: unknown): string | undefined {
  return networkFailure(error)?.code;
}

/** The socket-level code and the most specific message in the cause chain (fetch hides both in `cause`). */
export function networkFailure(error: unknown): { code: string; detail: string } | undefined {
  let fetchFailed = false;
  let e: unknown = error;
  for (let depth = 0; depth < 5 && e; depth++) {
    const code = (e as { code?: unknown }).code;
    const text = e instanceof Error ? e.message : "";
    if (typeof code === "string" && NETWORK_CODES.has(code)) return { code, detail: text };
    for (const c of NETWORK_CODES) if (text.includes(c)) return { code: c, detail: text };
    if (text.includes("fetch failed")) fetchFailed = true;
    e = (e as { cause?: unknown }).cause;
  }
  return fetchFailed
    ? { code: "fetch failed", detail: error instanceof Error ? error.message : "" }
    : undefined;
}

/**
 * Whether an error means the transport itself is gone (process exited, socket refused, HTTP session
 * forgotten by a restarted server) as opposed to one slow or failed request.
 */
export function isTransportGone(error: unknown): boolean {
  if (error instanceof McpError && error.code === ErrorCode.ConnectionClosed) return true;
  if (error instanceof Error && error.message === "Not connected") return true;
  if (networkCodeOf(error) !== undefined) return true;
  return httpStatusOf(error) === 404;
}

/** Worth trying SSE after streamable HTTP failed this way: a 4xx that is not an auth answer. */
export function shouldFallBackToSse(error: unknown): boolean {
  const status = httpStatusOf(error);
  return status !== undefined && status >= 400 && status < 500 && status !== 401 && status !== 403;
}

/**
 * Failures that retrying cannot fix (`retryable: false`: a config error, command not found or not
 * executable, HTTP 401/403/404): straight to `unreachable`, and waiters are told at once. Slow retries
 * still run, so a command installed or a URL fixed later is picked up.
 */
export function isPermanent(error: Error | undefined): boolean {
  return (error as { retryable?: unknown } | undefined)?.retryable === false;
}

/**
 * Fast retries a crash loop gets: a process that starts and exits again is unlikely to stay up on the
 * fifth try, and every try costs a process start; two keep a one-off crash recoverable while reaching
 * `unreachable` within a few seconds.
 */
export const CRASH_LOOP_RETRIES = 2;

/** A connection that dies within this long of becoming healthy counts as one more crash of a loop. */
export const CRASH_WINDOW_MS = 10_000;

/** How many fast retries a failure gets before `unreachable`. */
export function fastRetryBudget(error: Error | undefined, maxAttempts: number, crashLoop: boolean): number {
  if (isPermanent(error)) return 0;
  const crashed = crashLoop || (error instanceof ServiceConnectError && error.reason === "exited");
  return crashed ? Math.min(maxAttempts, CRASH_LOOP_RETRIES) : maxAttempts;
}

// Spawn errors that name a fixed property of the command or its directory, not a passing condition.
const FATAL_SPAWN_CODES = new Set(["EACCES", "ENOTDIR", "EISDIR", "ENOEXEC", "EPERM"]);
// HTTP answers that say the URL or the credentials are wrong; a retry gets the same answer.
const FATAL_HTTP_STATUSES = new Set([401, 403, 404, 410]);

export interface AttemptContext {
  service: string;
  /** What was being reached: `npx -y x` or a URL (already redacted). */
  target: string;
  transport: "stdio" | "streamable-http" | "sse";
  connectTimeoutMs: number;
  exit?: ExitInfo | undefined;
}

/** Turns whatever a connection attempt threw into one ServiceConnectError with a message a person can act on. */
export function describeConnectFailure(error: unknown, ctx: AttemptContext): Error {
  if (error instanceof ConfigError || error instanceof ServiceConnectError) return error;
  const cause = error instanceof Error ? error : new Error(String(error));
  const via = `${ctx.target} (${ctx.transport})`;
  const fail = (reason: ConnectFailureReason, what: string, httpStatus?: number, retryable = true) =>
    new ServiceConnectError(`service "${ctx.service}": ${what}`, ctx.service, reason, {
      cause,
      httpStatus,
      retryable,
    });

  const sysCode = (cause as { code?: unknown }).code;
  if (ctx.transport === "stdio" && sysCode === "ENOENT" && (cause as { syscall?: unknown }).syscall) {
    return fail(
      "command-not-found",
      `command not found: ${ctx.target} (spawn ENOENT; check the command and PATH)`,
      undefined,
      false,
    );
  }
  if (ctx.transport === "stdio" && typeof sysCode === "string" && (cause as { syscall?: unknown }).syscall) {
    const fatal = FATAL_SPAWN_CODES.has(sysCode);
    const hint = sysCode === "EACCES" ? " (not executable: check the file's permissions)" : "";
    return fail("spawn-failed", `could not start ${ctx.target}: ${cause.message}${hint}`, undefined, !fatal);
  }
  if (ctx.exit) {
    const how = ctx.exit.signal ? `was killed by ${ctx.exit.signal}` : `exited with code ${ctx.exit.code}`;
    return fail("exited", `process ${how} before the MCP handshake finished: ${ctx.target}`);
  }
  const status = httpStatusOf(cause);
  if (status === 401 || status === 403) {
    return new ServiceAuthError(
      `service "${ctx.service}": ${via} answered HTTP ${status} — credentials missing or rejected (check headers / bearer token)`,
      ctx.service,
      status,
      cause,
    );
  }
  if (status === 404 || status === 410) {
    return fail(
      "http-status",
      `${via} answered HTTP ${status}: no MCP endpoint at this URL (check the path): ${cause.message}`,
      status,
      false,
    );
  }
  if (status !== undefined)
    return fail(
      "http-status",
      `${via} answered HTTP ${status}: ${cause.message}`,
      status,
      !FATAL_HTTP_STATUSES.has(status),
    );
  const net = networkFailure(cause);
  if (net !== undefined) {
    const detail = net.detail && net.detail !== net.code ? ` (${net.detail})` : "";
    return fail("network", `cannot reach ${via}: ${net.code}${detail}`);
  }
  if (cause instanceof McpError && cause.code === ErrorCode.RequestTimeout) {
    return fail("timeout", `no answer from ${via} within ${ctx.connectTimeoutMs} ms`);
  }
  if (cause instanceof McpError && cause.code === ErrorCode.ConnectionClosed) {
    return fail("exited", `${via} closed the connection during the handshake`);
  }
  return fail("protocol", `handshake with ${via} failed: ${cause.message}`);
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The message, prefixed with the HTTP status or socket error the SDK keeps out of it. */
export function describeError(error: unknown): string {
  const status = httpStatusOf(error);
  if (status !== undefined) return `HTTP ${status}: ${errorText(error)}`;
  const net = networkFailure(error);
  if (net !== undefined && net.detail !== errorText(error))
    return `${net.code} (${net.detail}): ${errorText(error)}`;
  return errorText(error);
}

import { MCPStoreError } from "@mcpstore/errors";
import type { ServiceState } from "./connection/state.js";

/**
 * Base of every error this package throws (itself an `MCPStoreError`); `code` is stable and safe to
 * branch on.
 */
export class McpStoreClientError extends MCPStoreError {}

/** One problem in a service config: `path` locates it in the input (`mcpServers.weather.url`). */
export interface ConfigIssue {
  path: string;
  message: string;
}

/** A service config that cannot be accepted; every issue names the service and the field. */
export class ConfigError extends McpStoreClientError {
  readonly issues: ConfigIssue[];
  /** Always false: retrying the same config cannot succeed (a service connecting with it stops at once). */
  readonly retryable = false;

  constructor(issues: ConfigIssue[]) {
    super("CONFIG_INVALID", issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; "));
    this.issues = issues;
  }
}

/** A call reached a service that is not connected; says why and when the next attempt is. */
export class ServiceUnavailableError extends McpStoreClientError {
  readonly service: string;
  readonly state: ServiceState;
  readonly lastError: Error | undefined;
  readonly nextRetryAt: number | undefined;

  constructor(
    message: string,
    service: string,
    state: ServiceState,
    lastError: Error | undefined,
    nextRetryAt: number | undefined,
  ) {
    super("SERVICE_UNAVAILABLE", message, { cause: lastError });
    this.service = service;
    this.state = state;
    this.lastError = lastError;
    this.nextRetryAt = nextRetryAt;
  }
}

/** Why a connection attempt failed, for callers that branch on it without parsing messages. */
export type ConnectFailureReason =
  | "command-not-found"
  | "spawn-failed"
  | "exited"
  | "http-status"
  | "network"
  | "timeout"
  | "protocol"
  | "config";

/** One connection attempt failed (spawn, HTTP, handshake or first catalog fetch). */
export class ServiceConnectError extends McpStoreClientError {
  readonly service: string;
  readonly reason: ConnectFailureReason;
  readonly httpStatus: number | undefined;
  /**
   * False when retrying cannot fix it (command not found, not executable, HTTP 401/403/404): the
   * connection goes to `unreachable` at once and `waitService` rejects with this error at once.
   */
  readonly retryable: boolean;

  constructor(
    message: string,
    service: string,
    reason: ConnectFailureReason,
    options: { cause?: unknown; httpStatus?: number | undefined; code?: string; retryable?: boolean } = {},
  ) {
    super(options.code ?? "CONNECT_FAILED", message, { cause: options.cause });
    this.service = service;
    this.reason = reason;
    this.httpStatus = options.httpStatus;
    this.retryable = options.retryable ?? true;
  }
}

/** The remote server answered 401/403: credentials are missing or wrong; retrying will not help. */
export class ServiceAuthError extends ServiceConnectError {
  constructor(message: string, service: string, httpStatus: number, cause?: unknown) {
    super(message, service, "http-status", { cause, httpStatus, code: "AUTH_FAILED", retryable: false });
  }
}

/** A request ran past its timeout; it was cancelled on the server (notifications/cancelled). */
export class RequestTimeoutError extends McpStoreClientError {
  readonly service: string;
  readonly method: string;
  readonly timeoutMs: number;

  constructor(
    message: string,
    service: string,
    method: string,
    timeoutMs: number,
    cause?: unknown,
    code?: string,
  ) {
    super(code ?? "REQUEST_TIMEOUT", message, { cause });
    this.service = service;
    this.method = method;
    this.timeoutMs = timeoutMs;
  }
}

/** A tool call ran past its timeout; it was cancelled on the server. */
export class ToolCallTimeoutError extends RequestTimeoutError {
  readonly tool: string;

  constructor(service: string, tool: string, timeoutMs: number, cause?: unknown) {
    super(
      `service "${service}": tool "${tool}" timed out after ${timeoutMs} ms (cancelled on the server)`,
      service,
      "tools/call",
      timeoutMs,
      cause,
      "TOOL_TIMEOUT",
    );
    this.tool = tool;
  }
}

/** The caller's AbortSignal fired; the request was cancelled on the server. */
export class RequestAbortedError extends McpStoreClientError {
  readonly service: string;
  readonly method: string;

  constructor(message: string, service: string, method: string, reason: unknown, code?: string) {
    super(code ?? "REQUEST_ABORTED", message, { cause: reason });
    this.service = service;
    this.method = method;
  }
}

/** The caller's AbortSignal fired during a tool call; the call was cancelled on the server. */
export class ToolCallAbortedError extends RequestAbortedError {
  readonly tool: string;

  constructor(service: string, tool: string, reason: unknown) {
    super(
      `service "${service}": call to tool "${tool}" was aborted${describeReason(reason)}`,
      service,
      "tools/call",
      reason,
      "TOOL_ABORTED",
    );
    this.tool = tool;
  }
}

/** The server answered with a JSON-RPC error (not a tool result with `isError`, which is returned as is). */
export class RequestFailedError extends McpStoreClientError {
  readonly service: string;
  readonly method: string;
  /** The JSON-RPC error code the server sent, when there was one. */
  readonly rpcCode: number | undefined;

  constructor(
    message: string,
    service: string,
    method: string,
    rpcCode: number | undefined,
    cause: unknown,
    code?: string,
  ) {
    super(code ?? "REQUEST_FAILED", message, { cause });
    this.service = service;
    this.method = method;
    this.rpcCode = rpcCode;
  }
}

/** A tool call failed at the protocol level (unknown tool, invalid arguments, the server threw). */
export class ToolCallError extends RequestFailedError {
  readonly tool: string;

  constructor(message: string, service: string, tool: string, rpcCode: number | undefined, cause: unknown) {
    super(message, service, "tools/call", rpcCode, cause, "TOOL_CALL_FAILED");
    this.tool = tool;
  }
}

/** The connection went away while a request was in flight, or the connection was closed by its owner. */
export class ConnectionClosedError extends McpStoreClientError {
  readonly service: string;

  constructor(message: string, service: string, cause?: unknown) {
    super("CONNECTION_CLOSED", message, { cause });
    this.service = service;
  }
}

/** `waitFor` gave up; says which state the service was in and why. */
export class WaitTimeoutError extends McpStoreClientError {
  readonly service: string;
  readonly wanted: ServiceState;
  readonly state: ServiceState;
  readonly lastError: Error | undefined;

  constructor(
    message: string,
    service: string,
    wanted: ServiceState,
    state: ServiceState,
    lastError: Error | undefined,
  ) {
    super("WAIT_TIMEOUT", message, { cause: lastError });
    this.service = service;
    this.wanted = wanted;
    this.state = state;
    this.lastError = lastError;
  }
}

function describeReason(reason: unknown): string {
  if (reason === undefined) return "";
  const text = reason instanceof Error ? reason.message : String(reason);
  return text ? ` (${text})` : "";
}

import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import {
  ConnectionClosedError,
  McpStoreClientError,
  RequestAbortedError,
  RequestFailedError,
  RequestTimeoutError,
  ServiceUnavailableError,
  ToolCallAbortedError,
  ToolCallError,
  ToolCallTimeoutError,
} from "../errors.js";
import { errorText, isTransportGone } from "./failures.js";
import type { ServiceState } from "./state.js";

export interface RequestContext {
  service: string;
  state: ServiceState;
  lastError: Error | undefined;
  method: string;
  /** The tool, prompt or resource the request was about. */
  subject: string | undefined;
  timeoutMs: number;
  signal: AbortSignal | undefined;
  redact: (text: string) => string;
}

/**
 * Maps what the SDK rejects a request with onto our typed errors. The caller's signal is checked first:
 * the SDK reports an abort as an McpError with the timeout code.
 */
export function toRequestError(error: unknown, ctx: RequestContext): Error {
  if (error instanceof McpStoreClientError) return error;
  const { service, method, subject, timeoutMs, signal } = ctx;
  const isTool = method === "tools/call" && subject !== undefined;
  const what = subject === undefined ? method : `${method} "${subject}"`;
  if (signal?.aborted) {
    return isTool
      ? new ToolCallAbortedError(service, subject, signal.reason)
      : new RequestAbortedError(`service "${service}": ${what} was aborted`, service, method, signal.reason);
  }
  if (error instanceof McpError && error.code === ErrorCode.RequestTimeout) {
    return isTool
      ? new ToolCallTimeoutError(service, subject, timeoutMs, error)
      : new RequestTimeoutError(
          `service "${service}": ${what} timed out after ${timeoutMs} ms (cancelled on the server)`,
          service,
          method,
          timeoutMs,
          error,
        );
  }
  if (isTransportGone(error)) {
    const lost = ctx.lastError instanceof ConnectionClosedError ? `: ${ctx.lastError.message}` : "";
    return new ConnectionClosedError(
      ctx.redact(`service "${service}": connection lost during ${what} (state: ${ctx.state})${lost}`),
      service,
      error,
    );
  }
  const rpcCode = error instanceof McpError ? error.code : undefined;
  // A server that rethrows an McpError sends its prefixed message, which the SDK prefixes again.
  const reason = errorText(error).replace(/(MCP error -?\d+: )(?=\1)/g, "");
  const text = ctx.redact(`service "${service}": ${what} failed: ${reason}`);
  return isTool
    ? new ToolCallError(text, service, subject, rpcCode, error)
    : new RequestFailedError(text, service, method, rpcCode, error);
}

/** The fail-fast answer to a call while the service is not usable: the state, why, and the next retry. */
export function unavailableError(
  service: string,
  state: ServiceState,
  lastError: Error | undefined,
  nextRetryAt: number | undefined,
  redact: (text: string) => string,
): ServiceUnavailableError {
  const parts = [`service "${service}" is ${state}`];
  if (state === "initializing") parts.push("(not connected yet; await waitFor() first)");
  if (state === "disconnected") parts.push("(closed)");
  if (lastError && state !== "disconnected") parts.push(`— last error: ${lastError.message}`);
  if (nextRetryAt !== undefined) {
    const inMs = Math.max(0, nextRetryAt - Date.now());
    parts.push(`— next retry in ${Math.ceil(inMs / 1000)} s (${new Date(nextRetryAt).toISOString()})`);
  }
  return new ServiceUnavailableError(redact(parts.join(" ")), service, state, lastError, nextRetryAt);
}

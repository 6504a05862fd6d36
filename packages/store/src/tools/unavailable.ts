import { type ServiceState, ServiceUnavailableError } from "@mcpstore/mcp-client";

const WHAT: Partial<Record<ServiceState, string>> = {
  initializing: "still connecting (no tools listed yet)",
  reconnecting: "reconnecting and has not listed its tools yet",
  unreachable: "unreachable and has never listed its tools",
  disconnected: "closed",
  healthy: "connected but has not listed its tools yet",
  warning: "connected but has not listed its tools yet",
};

/**
 * The answer to a call of `svc__tool` while service `svc` exists but has no catalog yet: it names the
 * service, its state, the last error and the next retry, and says to wait with `waitService` — not
 * "tool not found", which would send the user looking for a typo.
 */
export function serviceNotReadyError(
  requested: string,
  service: string,
  state: ServiceState,
  lastError: Error | undefined,
  nextRetryAt: number | undefined,
  now = Date.now(),
): ServiceUnavailableError {
  const parts = [
    `Tool "${requested}" cannot be called yet: service "${service}" is ${WHAT[state] ?? state} (state: ${state}).`,
  ];
  if (lastError) parts.push(`Last error: ${lastError.message}.`);
  if (nextRetryAt !== undefined) {
    parts.push(`Next retry in ${Math.ceil(Math.max(0, nextRetryAt - now) / 1000)} s.`);
  }
  // A failure retrying cannot fix (a missing command, HTTP 404): waiting would not help.
  const permanent = (lastError as { retryable?: boolean } | undefined)?.retryable === false;
  parts.push(
    permanent
      ? `Retrying will not fix this: correct the service's config (updateService("${service}", ...)).`
      : `Wait for it with waitService("${service}") before calling its tools.`,
  );
  return new ServiceUnavailableError(parts.join(" "), service, state, lastError, nextRetryAt);
}

/** The Python MCPStore's lifecycle names. */
export type ServiceState =
  | "initializing"
  | "healthy"
  | "warning"
  | "reconnecting"
  | "unreachable"
  | "disconnected";

/** Calls go through in these states; `warning` means one health check failed but the transport is up. */
export function acceptsCalls(state: ServiceState): boolean {
  return state === "healthy" || state === "warning";
}

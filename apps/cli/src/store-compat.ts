import type { ServiceState, WaitServiceOptions } from "@mcpstore/store";

/**
 * The options of `waitService`, in one place: the store is renaming `status` to `state` (with
 * `status` kept as a deprecated alias). When that lands, switch the key here and nowhere else.
 */
export function waitOptions(states: ServiceState[], timeoutMs: number): WaitServiceOptions {
  return { status: states, timeoutMs };
}

import type { ServiceState, WaitServiceOptions } from "@mcpstore/store";

/** The options of `waitService`, built in one place. */
export function waitOptions(states: ServiceState[], timeoutMs: number): WaitServiceOptions {
  return { state: states, timeoutMs };
}

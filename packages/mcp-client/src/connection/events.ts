import type { ServiceState } from "./state.js";

export interface StateChange {
  service: string;
  from: ServiceState;
  to: ServiceState;
  /** Why, for transitions away from healthy. */
  error?: Error | undefined;
  nextRetryAt?: number | undefined;
  at: number;
}

export type Listener<T> = (value: T) => void;

// A throwing listener must not break supervision; report it the way Node reports other stray problems.
export function safeCall<T>(fn: Listener<T>, value: T): void {
  try {
    fn(value);
  } catch (error) {
    process.emitWarning(
      `@mcpstore/mcp-client: a listener threw: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

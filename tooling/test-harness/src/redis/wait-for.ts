export interface WaitForOptions {
  /** Give up after this long. Generous by default: tests run on loaded 2-core machines. */
  timeoutMs?: number;
  /** Pause between two checks. */
  intervalMs?: number;
  /** Named in the timeout error so a failure says what was awaited. */
  description?: string;
  /** Stops polling at once (rejecting with the signal's reason), e.g. when the awaited process died. */
  signal?: AbortSignal;
}

export class WaitForTimeoutError extends Error {
  readonly code = "WAIT_FOR_TIMEOUT";
  constructor(description: string, timeoutMs: number, lastError: unknown) {
    const reason = lastError === undefined ? "" : `; last error: ${describeError(lastError)}`;
    super(`waitFor: "${description}" not reached within ${timeoutMs} ms${reason}`, { cause: lastError });
    this.name = "WaitForTimeoutError";
  }
}

/**
 * Polls `condition` until it returns a value other than `false`, `null` or `undefined`, and returns that
 * value. A throwing check counts as "not yet" (a server that is still starting refuses connections); the
 * last error is reported if time runs out.
 */
export async function waitFor<T>(
  condition: () => T | Promise<T>,
  options: WaitForOptions = {},
): Promise<Exclude<T, false | null | undefined>> {
  const { timeoutMs = 20_000, intervalMs = 50, description = "condition", signal } = options;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    signal?.throwIfAborted();
    try {
      const value = await condition();
      if (value !== false && value !== null && value !== undefined)
        return value as Exclude<T, false | null | undefined>;
    } catch (error) {
      lastError = error;
    }
    signal?.throwIfAborted();
    if (Date.now() >= deadline) throw new WaitForTimeoutError(description, timeoutMs, lastError);
    await new Promise((resolve) =>
      setTimeout(resolve, Math.min(intervalMs, Math.max(0, deadline - Date.now()))),
    );
  }
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

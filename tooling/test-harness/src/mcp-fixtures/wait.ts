/**
 * Resolves after `ms`, or rejects as soon as `signal` aborts (clearing the timer, so a cancelled call leaves
 * nothing behind). `ms` = Infinity waits for the abort only.
 */
export function waitUnlessAborted(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = Number.isFinite(ms) ? setTimeout(done, ms) : undefined;
    signal.addEventListener("abort", onAbort, { once: true });
    function done() {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }
    function onAbort() {
      clearTimeout(timer);
      reject(signal.reason);
    }
  });
}

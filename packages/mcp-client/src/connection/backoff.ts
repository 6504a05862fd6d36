/**
 * Exponential backoff with full jitter (a uniform pick in [0, min(cap, base·2^attempt)) ), which spreads
 * the reconnects of many clients hitting one restarted server instead of synchronising them.
 */
export function backoffDelay(
  attempt: number,
  baseMs: number,
  capMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}

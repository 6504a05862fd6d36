import { InvalidOptionsError, type OptionIssue } from "./errors.js";

const CALL_KEYS = new Set(["timeoutMs", "signal"]);

/**
 * Checks the options of `useTool`, `readResource` and `getPrompt` as JavaScript may pass them (a string
 * timeout, a misspelt key, something that is not an AbortSignal), so the mistake fails at once instead
 * of being ignored. `extra` names the other keys the method takes.
 */
export function checkCallOptions(options: unknown, extra: readonly string[] = []): void {
  if (options === undefined) return;
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new InvalidOptionsError([
      { path: "options", message: "must be an object like { timeoutMs, signal }" },
    ]);
  }
  const issues: OptionIssue[] = [];
  const o = options as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!CALL_KEYS.has(key) && !extra.includes(key)) {
      issues.push({ path: key, message: `unknown option (use ${[...CALL_KEYS, ...extra].join(", ")})` });
    }
  }
  const t = o.timeoutMs;
  if (t !== undefined && (typeof t !== "number" || !Number.isFinite(t) || t <= 0)) {
    issues.push({ path: "timeoutMs", message: `must be a positive number of ms (got ${JSON.stringify(t)})` });
  }
  if (o.signal !== undefined && !(o.signal instanceof AbortSignal)) {
    issues.push({ path: "signal", message: "must be an AbortSignal (e.g. AbortSignal.timeout(5000))" });
  }
  if (issues.length) throw new InvalidOptionsError(issues);
}

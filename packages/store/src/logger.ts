/** Where the store's logs go. Every message it passes has secrets redacted already. */
export interface Logger {
  /** Detail for `debug: true` (storage commands, state transitions). */
  debug(message: string, data?: Record<string, unknown>): void;
  /** Notable events (storage reachable again, a file created). */
  info(message: string, data?: Record<string, unknown>): void;
  /** Something the user should fix or know (fallback to memory, a tool name conflict). */
  warn(message: string, data?: Record<string, unknown>): void;
  /** A failure the store carried on after (a listener threw, a write-back failed). */
  error(message: string, data?: Record<string, unknown>): void;
}

const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)([^/\s:@]*)(?::[^/\s@]*)?@/gi;
const SECRET_FIELD = /pass(word)?|secret|token|authorization|api[-_]?key/i;

/** Removes passwords from URLs (`redis://:secret@host` → `redis://:***@host`). */
export function redactUrls(text: string): string {
  return text.replace(URL_CREDENTIALS, (_m, scheme: string, user: string) => `${scheme}${user}:***@`);
}

/** A copy of `data` safe to print: secret-looking fields masked, URLs stripped of passwords. */
export function redactData(data: unknown, depth = 0): unknown {
  if (typeof data === "string") return redactUrls(data);
  if (depth > 4 || typeof data !== "object" || data === null) return data;
  if (data instanceof Error) return redactUrls(data.message);
  if (Array.isArray(data)) return data.map((d) => redactData(d, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) {
    out[k] = SECRET_FIELD.test(k) && v !== null && v !== undefined ? "***" : redactData(v, depth + 1);
  }
  return out;
}

/** The default logger: console, `[mcpstore]` prefix, debug lines only when asked for. */
export function consoleLogger(debug: boolean): Logger {
  const line = (message: string, data?: Record<string, unknown>) =>
    data === undefined
      ? [`[mcpstore] ${redactUrls(message)}`]
      : [`[mcpstore] ${redactUrls(message)}`, redactData(data)];
  return {
    debug: (m, d) => {
      if (debug) console.debug(...line(m, d));
    },
    info: (m, d) => console.info(...line(m, d)),
    warn: (m, d) => console.warn(...line(m, d)),
    error: (m, d) => console.error(...line(m, d)),
  };
}

/** Wraps a user logger so debug lines only flow with `debug: true` and nothing unredacted leaks. */
export function guardedLogger(inner: Logger, debug: boolean): Logger {
  const safe = (d?: Record<string, unknown>) =>
    d === undefined ? undefined : (redactData(d) as Record<string, unknown>);
  return {
    debug: (m, d) => {
      if (debug) inner.debug(redactUrls(m), safe(d));
    },
    info: (m, d) => inner.info(redactUrls(m), safe(d)),
    warn: (m, d) => inner.warn(redactUrls(m), safe(d)),
    error: (m, d) => inner.error(redactUrls(m), safe(d)),
  };
}

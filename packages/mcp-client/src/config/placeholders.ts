// `${VAR}`, `${VAR:-default}` and VS Code's `${env:VAR}` spelling; `default` applies when VAR is unset or
// empty, as in POSIX shells.
const PLACEHOLDER = /\$\{([^}]*)\}/g;
const BODY = /^(?:env:)?([A-Za-z_][A-Za-z0-9_]*)(?::-(.*))?$/s;

export function hasPlaceholder(text: string): boolean {
  return text.includes("${");
}

/** Describes the first malformed placeholder in `text`, or undefined when all are well formed. */
export function placeholderProblem(text: string): string | undefined {
  if (!hasPlaceholder(text)) return undefined;
  for (const match of text.matchAll(PLACEHOLDER)) {
    if (!BODY.test(match[1] ?? "")) {
      return `malformed placeholder "${match[0]}" (use \${NAME} or \${NAME:-default})`;
    }
  }
  const unclosed = text.replace(PLACEHOLDER, "").indexOf("${");
  if (unclosed !== -1) return `unclosed placeholder "\${" in "${text}"`;
  return undefined;
}

/**
 * Replaces every placeholder from `env`. Names of unset variables without a default are pushed to
 * `missing` (the caller reports them with the field they came from) and replaced by "".
 */
export function interpolate(text: string, env: NodeJS.ProcessEnv, missing: string[]): string {
  if (!hasPlaceholder(text)) return text;
  return text.replace(PLACEHOLDER, (whole, body: string) => {
    const parsed = BODY.exec(body);
    if (!parsed) {
      missing.push(whole);
      return "";
    }
    const name = parsed[1]!;
    const fallback = parsed[2];
    const value = env[name];
    if (value !== undefined && (value !== "" || fallback === undefined)) return value;
    if (fallback !== undefined) return fallback;
    missing.push(name);
    return "";
  });
}

/** The names of the variables `text` refers to (for listings: "needs API_KEY"). */
export function placeholderNames(text: string): string[] {
  const names: string[] = [];
  for (const match of text.matchAll(PLACEHOLDER)) {
    const parsed = BODY.exec(match[1] ?? "");
    if (parsed) names.push(parsed[1]!);
  }
  return names;
}

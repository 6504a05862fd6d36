import { ConfigError, type ConfigIssue } from "../errors.js";
import type { ServiceDefinition } from "./definition.js";
import { headerValueProblem, urlProblem } from "./fields.js";
import { interpolate } from "./placeholders.js";

/**
 * Interpolates `${VAR}` / `${VAR:-default}` from `env` in command, args, env, cwd, url and headers.
 * Every unset variable without a default is reported with the field that needs it
 * (`mcpServers.weather.headers.Authorization: environment variable API_TOKEN is not set`).
 */
export function resolveServiceDefinition(
  def: ServiceDefinition,
  env: NodeJS.ProcessEnv = process.env,
): ServiceDefinition {
  const issues: ConfigIssue[] = [];
  const base = `mcpServers.${def.name}`;
  const one = (field: string, value: string): string => {
    const missing: string[] = [];
    const out = interpolate(value, env, missing);
    for (const name of missing) {
      issues.push({
        path: `${base}.${field}`,
        message: name.startsWith("${")
          ? `malformed placeholder "${name}"`
          : `environment variable ${name} is not set (and no default given)`,
      });
    }
    return out;
  };
  const map = (field: string, values: Record<string, string>): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(values)) out[k] = one(`${field}.${k}`, v);
    return out;
  };

  let resolved: ServiceDefinition;
  if (def.type === "stdio") {
    resolved = {
      ...def,
      command: one("command", def.command),
      args: def.args.map((a, i) => one(`args[${i}]`, a)),
      env: map("env", def.env),
      ...(def.cwd === undefined ? {} : { cwd: one("cwd", def.cwd) }),
    };
    if (issues.length === 0 && resolved.command === "") {
      issues.push({ path: `${base}.command`, message: "is empty after interpolation" });
    }
  } else {
    resolved = { ...def, url: one("url", def.url), headers: map("headers", def.headers) };
    if (issues.length === 0) {
      const bad = urlProblem(resolved.url);
      if (bad) issues.push({ path: `${base}.url`, message: bad });
      for (const [k, v] of Object.entries(resolved.headers)) {
        const badValue = headerValueProblem(v);
        if (badValue) issues.push({ path: `${base}.headers.${k}`, message: badValue });
      }
    }
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return resolved;
}

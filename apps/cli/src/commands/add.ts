import { CliError, EXIT } from "../errors.js";
import { type GlobalOptions, parseMs, parsePairs } from "../globals.js";
import type { Output } from "../output.js";
import { commandExists } from "../path-lookup.js";
import { type Session, withSession } from "../session.js";
import { waitOptions } from "../store-compat.js";

export interface AddOptions {
  url?: string;
  transport?: string;
  header: string[];
  env: string[];
  cwd?: string;
  force?: boolean;
  wait: boolean;
  timeout: string;
}

/** The `mcpServers` entry the flags describe; every misuse is named before anything is written. */
export function entryFromFlags(argv: string[], o: AddOptions): Record<string, unknown> {
  if (o.url && argv.length) {
    throw new CliError(
      "USAGE",
      `give either --url or -- <command>, not both (got --url and "${argv.join(" ")}")`,
    );
  }
  if (o.url) {
    if (o.env.length || o.cwd)
      throw new CliError("USAGE", "--env and --cwd are for local servers (-- <command>), not --url");
    const headers = parsePairs(o.header, "--header");
    return {
      url: o.url,
      ...(o.transport ? { transport: o.transport } : {}),
      ...(headers ? { headers } : {}),
    };
  }
  if (!argv.length) {
    throw new CliError(
      "USAGE",
      "say how to reach the server: --url <url>, or -- <command> [args...] after the name",
    );
  }
  if (o.header.length || o.transport)
    throw new CliError("USAGE", "--header and --transport are for remote servers (--url)");
  const [command, ...args] = argv as [string, ...string[]];
  if (!command.includes("${") && !commandExists(command, o.cwd)) {
    throw new CliError("COMMAND_NOT_FOUND", `command "${command}" was not found on PATH (nothing was added)`);
  }
  const env = parsePairs(o.env, "--env");
  return {
    command,
    ...(args.length ? { args } : {}),
    ...(env ? { env } : {}),
    ...(o.cwd ? { cwd: o.cwd } : {}),
  };
}

/** Waits for the first connection of freshly added services; reports the ones that did not make it. */
export async function waitHealthy(
  session: Session,
  out: Output,
  names: string[],
  timeoutMs: number,
): Promise<number> {
  const results = await out.spin(`Connecting to ${names.join(", ")}`, () =>
    Promise.allSettled(
      names.map((n) => session.ctx.waitService(n, waitOptions(["healthy", "warning"], timeoutMs))),
    ),
  );
  let failed = 0;
  results.forEach((r, i) => {
    if (r.status === "rejected") {
      failed++;
      out.warn(
        `${(r.reason as Error).message} — "${names[i]}" stays registered; see \`mcpstore info ${names[i]}\``,
      );
    }
  });
  return failed ? EXIT.unavailable : EXIT.ok;
}

export async function add(
  out: Output,
  g: GlobalOptions,
  name: string,
  argv: string[],
  o: AddOptions,
): Promise<number> {
  const entry = entryFromFlags(argv, o);
  const timeoutMs = parseMs(o.timeout)!;
  return withSession(
    g,
    out,
    async (session) => {
      await session.ctx
        .addService({ mcpServers: { [name]: entry } }, { ifExists: o.force ? "replace" : "error" })
        .catch((error: unknown) => {
          if ((error as { code?: unknown }).code === "SERVICE_EXISTS") {
            throw new CliError(
              "SERVICE_EXISTS",
              `${(error as Error).message} Use --force to replace it.`,
              EXIT.failed,
            );
          }
          throw error;
        });
      const code = o.wait ? await waitHealthy(session, out, [name], timeoutMs) : EXIT.ok;
      const info = (await session.ctx.listServices()).find((s) => s.name === name);
      if (out.json) out.data(info);
      else if (info) {
        const state = o.wait
          ? `: ${out.state(info.state)}, ${info.toolCount} tool${info.toolCount === 1 ? "" : "s"}`
          : "";
        out.line(`Added ${out.c.bold(name)} (${info.type})${state}`);
      }
      return code;
    },
    { creates: true },
  );
}

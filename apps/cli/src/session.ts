import { existsSync, readFileSync } from "node:fs";
import type { Logger, MCPStore, ServiceInfo, StoreContext } from "@mcpstore/store";
import { CliError } from "./errors.js";
import { configLocation, type GlobalOptions, redisOptions } from "./globals.js";
import { jsonErrorPosition } from "./json-position.js";
import type { Output } from "./output.js";
import { waitOptions } from "./store-compat.js";

/** One command's store: opened from the global options, closed (connections and processes too) after. */
export interface Session {
  readonly store: MCPStore;
  readonly ctx: StoreContext;
  readonly usesRedis: boolean;
}

export interface OpenOptions {
  /** The command creates the config file if needed (add, import); others refuse a missing explicit one. */
  readonly creates?: boolean;
}

function stderrLogger(out: Output): Logger {
  const line = (level: string, message: string, data?: Record<string, unknown>) =>
    `${level} ${message}${data && Object.keys(data).length ? ` ${JSON.stringify(data)}` : ""}`;
  return {
    debug: (m, d) => {
      if (out.debug) out.note(out.ce.dim(line("debug", m, d)));
    },
    info: (m, d) => {
      if (out.debug) out.note(line("info", m, d));
    },
    warn: (m) => out.warn(m),
    error: (m) => out.error(m),
  };
}

/**
 * The store reports a config file that is not JSON without a position (Node 20's JSON.parse gives
 * none); the CLI adds line and column so the fix is one look away. The file is never rewritten.
 */
export function explainBadConfig(path: string, error: unknown): never {
  const code = (error as { code?: unknown })?.code;
  if (code === "MCP_JSON_INVALID" && existsSync(path)) {
    const at = jsonErrorPosition(readFileSync(path, "utf8"), { comments: true });
    if (at) {
      throw new CliError(
        "MCP_JSON_INVALID",
        `config file ${path} is not valid JSON: ${at.reason} at line ${at.line}, column ${at.column} (the file was not changed)`,
      );
    }
  }
  throw error;
}

export async function openSession(
  opts: GlobalOptions,
  out: Output,
  options: OpenOptions = {},
): Promise<Session> {
  const redis = redisOptions(opts);
  const { path, explicit } = configLocation(opts);
  if (!redis && explicit && !options.creates && !existsSync(path)) {
    throw new CliError(
      "CONFIG_MISSING",
      `config file ${path} does not exist (check --config / MCPSTORE_CONFIG, or create it with \`mcpstore add\`)`,
    );
  }
  if (redis && redis.dataspace === "auto") {
    out.warn('dataspace "auto" is deleted when this command exits: nothing will persist');
  }
  if (!redis && opts.agent) {
    // The config file has no owners: an agent's services would vanish when the command exits.
    throw new CliError(
      "OPTIONS_INVALID",
      "--agent needs Redis (--redis, --sentinel or --cluster): the config file keeps no agent's services",
    );
  }
  const { MCPStore } = await import("@mcpstore/store");
  const store = await out
    .spin(redis ? "Connecting to Redis" : "Loading services", () =>
      MCPStore.setupStore({
        debug: opts.debug === true,
        logger: stderrLogger(out),
        ...(redis
          ? { redis, fallback: "error" as const }
          : {
              // A missing file is an empty registry here (the CLI checked an explicit path above).
              mcpJson: { path, writeBack: true, create: true },
              ...(opts.namespace === undefined ? {} : { namespace: opts.namespace }),
              ...(opts.dataspace === undefined ? {} : { dataspace: opts.dataspace }),
            }),
      }),
    )
    .catch((error: unknown) => explainBadConfig(path, error));
  const ctx = opts.agent ? store.forAgent(opts.agent) : store.forStore();
  return { store, ctx, usesRedis: redis !== undefined };
}

const SETTLED = ["healthy", "warning", "reconnecting", "unreachable", "disconnected"] as const;

/**
 * Waits (up to `timeoutMs`) until each service has finished its first connection attempt, so what
 * is printed is a real state and a real catalog, not "initializing". Never throws for a slow one.
 */
export async function settle(
  session: Session,
  out: Output,
  services: readonly ServiceInfo[] | undefined = undefined,
  timeoutMs = 30_000,
): Promise<void> {
  const list = services ?? (await session.ctx.listServices());
  const pending = list.filter((s) => s.state === "initializing");
  if (!pending.length) return;
  await out.spin(
    `Connecting to ${pending.length === 1 ? pending[0]!.name : `${pending.length} services`}`,
    () =>
      Promise.all(
        pending.map((s) =>
          session.ctx.waitService(s.name, waitOptions([...SETTLED], timeoutMs)).catch(() => {}),
        ),
      ),
  );
}

/** Runs `work` on an open session and always closes it (killing stdio servers) before returning. */
export async function withSession<T>(
  opts: GlobalOptions,
  out: Output,
  work: (session: Session) => Promise<T>,
  options: OpenOptions = {},
): Promise<T> {
  const session = await openSession(opts, out, options);
  try {
    return await work(session);
  } finally {
    await session.store.close().catch((error: unknown) => {
      if (out.debug) out.warn(`closing the store: ${(error as Error).message}`);
    });
  }
}

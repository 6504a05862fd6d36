import { StorageAuthError, StorageConfigError, StorageUnavailableError } from "@mcpstore/storage";
import type { Client } from "./clients.js";
import type { ResolvedRedisConfig } from "./config.js";
import { isAuthFailure, messageOf, scrubbed } from "./errors.js";

/** How long the first connection may take: Sentinel asks a sentinel first, Cluster loads its slot map. */
export const connectBudgetMs = (cfg: ResolvedRedisConfig) => 2 * cfg.timeoutMs;

/** Every error an ioredis client reports, including a Cluster's per-node ones, to `listener`. */
export function onClientErrors(client: Client, listener: (error: Error) => void): () => void {
  const onNodeError = (error: Error) => listener(error);
  client.on("error", listener);
  client.on("node error", onNodeError);
  return () => {
    client.off("error", listener);
    client.off("node error", onNodeError);
  };
}

// ClusterAllFailedError keeps the node's own error (e.g. WRONGPASS) as lastNodeError.
const rootCause = (error: Error): Error => (error as { lastNodeError?: Error }).lastNodeError ?? error;

/**
 * Connects `client` within the budget, or stops it and throws one clear error: StorageAuthError when
 * the credentials were refused, StorageUnavailableError otherwise. Neither message holds a password.
 */
export async function connectClient(client: Client, cfg: ResolvedRedisConfig): Promise<void> {
  const errors: Error[] = [];
  const stopListening = onClientErrors(client, (error) => errors.push(rootCause(error)));
  let timer: NodeJS.Timeout | undefined;
  const budget = connectBudgetMs(cfg);
  try {
    await Promise.race([
      client.connect(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no connection within ${budget} ms`)), budget);
      }),
    ]);
  } catch (error) {
    client.disconnect();
    const auth = errors.find(isAuthFailure);
    if (auth) {
      throw new StorageAuthError(`${cfg.target} refused the credentials: ${messageOf(auth)}`, {
        cause: scrubbed(auth),
      });
    }
    const last = errors.at(-1) ?? (error as Error);
    throw new StorageUnavailableError(`${cfg.target} is unreachable: ${messageOf(last)}`, {
      cause: scrubbed(last),
    });
  } finally {
    clearTimeout(timer);
    stopListening();
  }
}

/**
 * ioredis sends SELECT while connecting but reports the client ready even when the server refuses it,
 * and every command then runs in database 0. Selecting again here turns that into one clear error
 * before anything is written to the wrong database.
 */
export async function verifyDatabase(client: Client, cfg: ResolvedRedisConfig): Promise<void> {
  if (cfg.mode === "cluster" || cfg.db === 0) return;
  try {
    await client.call("SELECT", String(cfg.db));
  } catch (error) {
    client.disconnect();
    throw new StorageConfigError(`${cfg.target} refused database ${cfg.db}: ${messageOf(error as Error)}`, {
      cause: scrubbed(error as Error),
    });
  }
}

import { AUTO_DATASPACE, DEFAULT_NAMESPACE } from "@mcpstore/keyspace";
import { isStorageError, MemoryAdapter, type StorageAdapter } from "@mcpstore/storage";
import { StorageRedisMissingError, StorageSetupError } from "../errors.js";
import { type Logger, redactUrls } from "../logger.js";
import { normaliseRedisOptions, type SetupOptions } from "../options.js";

/** What the store uses of `@mcpstore/storage-redis` (kept structural: that package is an optional peer). */
export interface RedisModule {
  createRedisAdapter(config: Record<string, unknown>): Promise<StorageAdapter> | StorageAdapter;
}

export interface OpenedStorage {
  readonly storage: StorageAdapter;
  /** We created it, so we close it; a bring-your-own adapter is left open for its owner. */
  readonly owned: boolean;
  readonly namespace: string;
  readonly dataspace: string;
  /** Redis was asked for but unreachable: running on memory. */
  readonly memoryFallback: boolean;
  readonly fallbackError: string | undefined;
  /** The guide's healthcheck_interval, when Redis config gave one (also used for MCP health pings). */
  readonly healthcheckIntervalMs: number | undefined;
}

function isMissingModule(error: unknown, specifier: string): boolean {
  const code = (error as { code?: unknown })?.code;
  return (
    (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") &&
    String((error as Error).message).includes(specifier)
  );
}

/** Loads the Redis adapters package on demand, so a memory-only user never loads ioredis. */
export async function importRedisModule(specifier = "@mcpstore/storage-redis"): Promise<RedisModule> {
  try {
    return (await import(specifier)) as RedisModule;
  } catch (error) {
    if (isMissingModule(error, specifier)) throw new StorageRedisMissingError(error);
    throw error;
  }
}

function describeTarget(config: Record<string, unknown>): string {
  if (typeof config.url === "string") return redactUrls(config.url);
  const nodes = (config.sentinels ?? config.cluster) as unknown[] | undefined;
  const kind = config.sentinels ? "Sentinel" : "Cluster";
  return `${kind} ${Array.isArray(nodes) ? nodes.map(describeNode).join(",") : "?"}`;
}

/** A node as the user gave it: `{ host, port }` or the `"host:port"` string itself. */
function describeNode(node: unknown): string {
  if (typeof node === "string") return node;
  const { host, port } = (node ?? {}) as { host?: unknown; port?: unknown };
  return `${String(host ?? "?")}:${String(port ?? "?")}`;
}

/**
 * Picks the storage the options ask for: a bring-your-own adapter, Redis (loaded on demand, falling
 * back to memory with a warning when unreachable unless `fallback: "error"`), or memory.
 */
export async function openStorage(
  options: SetupOptions,
  logger: Logger,
  loadRedis: () => Promise<RedisModule> = importRedisModule,
): Promise<OpenedStorage> {
  const plain = {
    namespace: options.namespace ?? DEFAULT_NAMESPACE,
    dataspace: options.dataspace ?? AUTO_DATASPACE,
    memoryFallback: false,
    fallbackError: undefined,
    healthcheckIntervalMs: undefined,
  };
  if (options.storage) return { ...plain, storage: options.storage, owned: false };
  if (options.redis === undefined) return { ...plain, storage: new MemoryAdapter(), owned: true };

  const redis = normaliseRedisOptions(options.redis);
  const spaces = {
    namespace: redis.namespace,
    dataspace: redis.dataspace,
    healthcheckIntervalMs: redis.healthcheckIntervalMs,
  };
  const mod = await loadRedis();
  const target = describeTarget(redis.adapterConfig);
  let adapter: StorageAdapter | undefined;
  try {
    const created = await mod.createRedisAdapter(redis.adapterConfig);
    adapter = created;
    await created.ping();
    logger.debug(`storage: connected to Redis ${target}`, { kind: created.kind });
    return { ...spaces, storage: created, owned: true, memoryFallback: false, fallbackError: undefined };
  } catch (error) {
    await adapter?.close().catch(() => {});
    // A wrong config or wrong credentials is not an outage: falling back would hide the mistake.
    if (isStorageError(error, "STORAGE_CONFIG") || isStorageError(error, "STORAGE_AUTH")) throw error;
    const why = redactUrls((error as Error).message ?? String(error));
    if (options.fallback === "error") {
      throw new StorageSetupError(`Redis is unreachable (${target}): ${why}`, error);
    }
    logger.warn(
      `Redis is unreachable (${target}): ${why}. Running on memory storage: nothing is persisted or shared. ` +
        'Pass fallback: "error" to fail instead.',
    );
    return { ...spaces, storage: new MemoryAdapter(), owned: true, memoryFallback: true, fallbackError: why };
  }
}

import type { StorageAdapter } from "@mcpstore/storage";
import type { Logger } from "../logger.js";

const COMMANDS = new Set<string>([
  "get",
  "getMany",
  "set",
  "setMany",
  "delete",
  "expire",
  "hgetall",
  "hset",
  "hdel",
  "hincrby",
  "getVersioned",
  "getManyVersioned",
  "batch",
  "acquireLock",
  "releaseLock",
  "extendLock",
  "lastEventId",
  "firstEventId",
  "readEvents",
  "scanPrefix",
  "ping",
]);

function summarise(method: string, args: unknown[]): Record<string, unknown> {
  const [first] = args;
  if (method === "batch" && Array.isArray(first)) {
    return { ops: first.map((o: { op: string; key: string }) => `${o.op} ${o.key}`) };
  }
  if (method === "delete") return { keys: args };
  if (Array.isArray(first))
    return { keys: first.length > 8 ? [...first.slice(0, 8), `… ${first.length} keys`] : first };
  if (typeof first === "string") return { key: first };
  return {};
}

/**
 * `debug: true`: logs every storage command (keys and op kinds, never values) with its duration and
 * outcome. Idle blocking reads of the event stream are not logged.
 */
export function withDebugLogging(storage: StorageAdapter, logger: Logger): StorageAdapter {
  return new Proxy(storage, {
    get(target, prop, _receiver) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== "function") return value;
      const fn = value as (...a: unknown[]) => unknown;
      if (typeof prop !== "string" || !COMMANDS.has(prop)) return fn.bind(target);
      return (...args: unknown[]) => {
        const started = performance.now();
        const result = fn.apply(target, args) as Promise<unknown>;
        return result.then(
          (r) => {
            if (prop === "readEvents" && Array.isArray(r) && r.length === 0) return r;
            const ms = Math.round((performance.now() - started) * 10) / 10;
            logger.debug(`storage ${prop} (${ms} ms)`, summarise(prop, args));
            return r;
          },
          (error: unknown) => {
            // A blocked read ends this way on every close: not worth a line.
            if (prop === "readEvents" && (error as { code?: string }).code === "STORAGE_CLOSED") throw error;
            logger.debug(`storage ${prop} failed: ${(error as Error).message}`, summarise(prop, args));
            throw error;
          },
        );
      };
    },
  });
}

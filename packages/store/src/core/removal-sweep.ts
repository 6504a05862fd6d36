import type { Keyspace } from "@mcpstore/keyspace";
import type { StorageAdapter, WriteOp } from "@mcpstore/storage";
import type { Logger } from "../logger.js";

/**
 * After a removal is applied here: deletes again what this instance may have written for the service
 * (its state entry, the cache, its tools' info and stats) while its writes were on their way. Sent
 * after every write this instance issued for the service, so it lands after them; done only while the
 * config is still this removal marker (`version`), never over a later re-add.
 */
export function sweepRemoved(
  target: { readonly storage: StorageAdapter; readonly keyspace: Keyspace; readonly logger: Logger },
  name: string,
  version: number,
  tools: readonly string[],
): void {
  const { keyspace: ks, storage, logger } = target;
  const ops: WriteOp[] = [
    { op: "checkVersion", key: ks.serviceConfig(name), expectedVersion: version },
    { op: "delete", key: ks.serviceState(name) },
    { op: "delete", key: ks.serviceCache(name) },
  ];
  for (const tool of tools) {
    ops.push({ op: "delete", key: ks.toolInfo(tool) });
    ops.push({ op: "delete", key: ks.toolStats(tool) });
  }
  if (tools.length) ops.push({ op: "hdel", key: ks.toolIndex(), fields: [...tools] });
  storage.batch(ops).catch((error: unknown) => {
    logger.debug(`cleaning up after the removal of ${name} failed`, { error: String(error) });
  });
}

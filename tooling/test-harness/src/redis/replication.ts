import { infoFields, type RedisAddress, type RedisCredentials } from "./admin-connection.js";
import { waitFor } from "./wait-for.js";

/** Resolves once `replica` reports `master_link_status:up` (its first sync with the master is done). */
export async function waitForReplicaLink(
  replica: RedisAddress & { name: string },
  credentials: RedisCredentials,
  timeoutMs: number,
): Promise<void> {
  await waitFor(
    async () => {
      const fields = await infoFields(replica, credentials, "replication");
      return fields.get("role") === "slave" && fields.get("master_link_status") === "up";
    },
    {
      timeoutMs,
      intervalMs: 100,
      description: `${replica.name} (port ${replica.port}) synced with its master`,
    },
  );
}

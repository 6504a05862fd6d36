import { adminCommand, type RedisAddress } from "./admin-connection.js";

/** A flat RESP2 field list (`SENTINEL MASTER`, one entry of `SENTINEL REPLICAS`) as a map. */
export function fieldMap(reply: unknown): Map<string, string> {
  const fields = new Map<string, string>();
  if (!Array.isArray(reply)) return fields;
  for (let i = 0; i + 1 < reply.length; i += 2) fields.set(String(reply[i]), String(reply[i + 1]));
  return fields;
}

/** Sentinels answer without a password: the harness never sets one on them. */
const NO_AUTH = {};

export async function masterAddress(sentinel: RedisAddress, name: string): Promise<RedisAddress | undefined> {
  const reply = await adminCommand(sentinel, NO_AUTH, "SENTINEL", "GET-MASTER-ADDR-BY-NAME", name);
  if (!Array.isArray(reply) || reply.length < 2) return undefined;
  return { host: String(reply[0]), port: Number(reply[1]) };
}

export async function masterState(sentinel: RedisAddress, name: string): Promise<Map<string, string>> {
  return fieldMap(await adminCommand(sentinel, NO_AUTH, "SENTINEL", "MASTER", name));
}

export async function replicaStates(sentinel: RedisAddress, name: string): Promise<Map<string, string>[]> {
  const reply = await adminCommand(sentinel, NO_AUTH, "SENTINEL", "REPLICAS", name);
  return Array.isArray(reply) ? reply.map(fieldMap) : [];
}

export function sentinelCommand(sentinel: RedisAddress, ...args: (string | number)[]): Promise<unknown> {
  return adminCommand(sentinel, NO_AUTH, "SENTINEL", ...args);
}

import { adminCommand, parseInfo, type RedisAddress, type RedisCredentials } from "./admin-connection.js";

/** Total hash slots of a Redis Cluster. */
export const CLUSTER_SLOTS = 16_384;

/** One line of `CLUSTER NODES`, as far as the harness needs it. */
export interface ClusterNodeEntry {
  id: string;
  port: number;
  flags: string[];
  masterId: string | undefined;
  linkState: string;
}

export function parseClusterNodes(text: string): ClusterNodeEntry[] {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line) => {
      const [id = "", address = "", flags = "", master = "-", , , , linkState = ""] = line.split(" ");
      const port = Number(address.split("@")[0]?.split(":").pop());
      return { id, port, flags: flags.split(","), masterId: master === "-" ? undefined : master, linkState };
    });
}

export async function clusterNodes(
  address: RedisAddress,
  credentials: RedisCredentials,
): Promise<ClusterNodeEntry[]> {
  return parseClusterNodes(String(await adminCommand(address, credentials, "CLUSTER", "NODES")));
}

export async function clusterInfo(
  address: RedisAddress,
  credentials: RedisCredentials,
): Promise<Map<string, string>> {
  return parseInfo(String(await adminCommand(address, credentials, "CLUSTER", "INFO")));
}

/** The slot ranges of `masters` masters, as even as integer division makes them. */
export function slotRanges(masters: number): [number, number][] {
  return Array.from({ length: masters }, (_, i) => [
    Math.floor((i * CLUSTER_SLOTS) / masters),
    Math.floor(((i + 1) * CLUSTER_SLOTS) / masters) - 1,
  ]);
}

/** The port of the master owning `slot`, from `CLUSTER SLOTS` of any node. */
export async function slotOwnerPort(
  address: RedisAddress,
  credentials: RedisCredentials,
  slot: number,
): Promise<number | undefined> {
  const ranges = (await adminCommand(address, credentials, "CLUSTER", "SLOTS")) as [
    number,
    number,
    [string, number],
  ][];
  const range = ranges.find(([start, end]) => slot >= start && slot <= end);
  return range === undefined ? undefined : Number(range[2][1]);
}

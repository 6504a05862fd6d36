import { StorageUnavailableError } from "@mcpstore/storage";
import { type Cluster, Redis } from "ioredis";
import type { Client } from "./clients.js";
import type { HostPort, ResolvedRedisConfig } from "./config.js";
import { keySlot } from "./slot.js";

/**
 * How many replicas must confirm a write (`WAIT n`) before it is acknowledged. With a fixed number it is
 * that number. With `"all-up"` it is every replica the topology currently reports as up for the master
 * the write goes to, re-read every {@link REFRESH_MS} and after each reconnect or refused WAIT:
 *
 * - Sentinel: `SENTINEL REPLICAS <name>`, minus those flagged `s_down`, `o_down` or `disconnected`, and
 *   minus a former master still reporting itself master (it follows nobody until Sentinel converts it).
 *   A write is also refused while the client is still connected to another node than the master
 *   Sentinel names: the old master keeps acknowledging until the client learns of a switch, and those
 *   writes are dropped when Sentinel converts it.
 * - Cluster: `CLUSTER NODES`, the replicas of the master serving the key's slot that are not flagged
 *   `fail`, `fail?`, `noaddr` or `handshake` and whose link is connected.
 * - One server: `INFO replication`, the replicas in state `online`.
 */
export interface ReplicaAcks {
  /** Replicas that must confirm a write to `key`'s node; throws StorageUnavailableError when unsafe. */
  needed(key: string | undefined): number;
  /** Re-reads the topology soon (after a reconnect or a refused WAIT). */
  refresh(): void;
  /** First read; the adapter starts only once it is known. */
  start(): Promise<void>;
  close(): void;
}

export const REFRESH_MS = 500;

export function createReplicaAcks(cfg: ResolvedRedisConfig, client: Client): ReplicaAcks {
  const policy = cfg.replicaAcks;
  // A read-only replica connection takes no writes to confirm.
  if (policy !== "all-up" || cfg.role === "slave") {
    const fixed = policy === "all-up" ? 0 : policy;
    return { needed: () => fixed, refresh() {}, start: async () => {}, close() {} };
  }
  if (cfg.mode === "sentinel") return new SentinelReplicas(cfg, client as Redis);
  if (cfg.mode === "cluster") return new ClusterReplicas(cfg, client as Cluster);
  return new StandaloneReplicas(cfg, client as Redis);
}

/** Re-reads on a timer and on demand, one read at a time; keeps the last good answer on failure. */
abstract class Polled implements ReplicaAcks {
  #timer: NodeJS.Timeout | undefined;
  #reading: Promise<void> | undefined;
  #again = false;
  protected closed = false;

  constructor(protected readonly cfg: ResolvedRedisConfig) {}

  abstract needed(key: string | undefined): number;
  protected abstract read(): Promise<void>;

  /** Reads tried at start before giving up (Sentinel: one per sentinel, the first may be down). */
  protected get startAttempts(): number {
    return 1;
  }

  async start(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.read();
        break;
      } catch (error) {
        if (attempt >= this.startAttempts) throw error;
      }
    }
    this.#timer = setInterval(() => this.refresh(), REFRESH_MS);
    this.#timer.unref();
  }

  refresh(): void {
    if (this.closed) return;
    if (this.#reading) {
      this.#again = true;
      return;
    }
    this.#reading = this.read()
      .catch(() => {})
      .finally(() => {
        this.#reading = undefined;
        if (this.#again) {
          this.#again = false;
          this.refresh();
        }
      });
  }

  close(): void {
    this.closed = true;
    clearInterval(this.#timer);
  }
}

const flagsOf = (text: string | undefined) => new Set((text ?? "").split(","));

function fieldMap(reply: unknown): Map<string, string> {
  const fields = new Map<string, string>();
  if (!Array.isArray(reply)) return fields;
  for (let i = 0; i + 1 < reply.length; i += 2) fields.set(String(reply[i]), String(reply[i + 1]));
  return fields;
}

const same = (a: HostPort, b: HostPort) => a.host === b.host && a.port === b.port;
const isIp = (host: string) => /^[\d.]+$|:/.test(host);

class SentinelReplicas extends Polled {
  #master: HostPort | undefined;
  #replicas = 0;
  /** Every address Sentinel named as master: one of them listed as a replica reporting "master" is stale. */
  readonly #formerMasters: HostPort[] = [];
  #sentinel: Redis | undefined;
  #next = 0;

  constructor(
    cfg: ResolvedRedisConfig,
    private readonly client: Redis,
  ) {
    super(cfg);
  }

  protected override get startAttempts(): number {
    return Math.max(1, this.cfg.nodes?.length ?? 1);
  }

  needed(): number {
    const master = this.#master;
    const stream = (this.client as unknown as { stream?: { remoteAddress?: string; remotePort?: number } })
      .stream;
    if (master && stream?.remotePort !== undefined && this.client.status === "ready") {
      const host = stream.remoteAddress?.replace(/^::ffff:/, "");
      const samePort = stream.remotePort === master.port;
      const sameHost = host === undefined || !isIp(master.host) || host === master.host;
      if (!samePort || !sameHost) {
        this.refresh();
        throw new StorageUnavailableError(
          `${this.cfg.target}: connected to ${host}:${stream.remotePort}, but Sentinel names ${master.host}:${master.port} as master; a write there could be lost, so it is refused until the client follows the switch`,
        );
      }
    }
    return this.#replicas;
  }

  protected async read(): Promise<void> {
    const sentinel = this.#connection();
    try {
      const [[addrError, addr] = [], [replicasError, replicas] = []] =
        (await sentinel
          .pipeline()
          .call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", this.cfg.name!)
          .call("SENTINEL", "REPLICAS", this.cfg.name!)
          .exec()) ?? [];
      if (addrError || replicasError) throw addrError ?? replicasError;
      if (!Array.isArray(addr) || addr.length < 2) throw new Error("the sentinel knows no such master");
      const master = this.#mapped({ host: String(addr[0]), port: Number(addr[1]) });
      if (!this.#formerMasters.some((m) => same(m, master))) this.#formerMasters.push(master);
      let up = 0;
      for (const entry of Array.isArray(replicas) ? replicas : []) {
        const fields = fieldMap(entry);
        const flags = flagsOf(fields.get("flags"));
        if (flags.has("s_down") || flags.has("o_down") || flags.has("disconnected")) continue;
        const address = this.#mapped({ host: fields.get("ip") ?? "", port: Number(fields.get("port")) });
        const stale =
          fields.get("role-reported") === "master" &&
          this.#formerMasters.some((m) => same(m, address) && !same(m, master));
        if (!stale) up++;
      }
      this.#master = master;
      this.#replicas = up;
    } catch (error) {
      // Ask the next sentinel next time.
      this.#sentinel = undefined;
      sentinel.disconnect();
      this.#next++;
      throw error;
    }
  }

  #mapped(address: HostPort): HostPort {
    return this.cfg.natMap?.[`${address.host}:${address.port}`] ?? address;
  }

  #connection(): Redis {
    if (this.#sentinel) return this.#sentinel;
    const nodes = this.cfg.nodes ?? [];
    const node = nodes[this.#next % nodes.length]!;
    const sentinel = new Redis({
      host: node.host,
      port: node.port,
      ...(this.cfg.sentinelUsername === undefined ? {} : { username: this.cfg.sentinelUsername }),
      ...(this.cfg.sentinelPassword === undefined ? {} : { password: this.cfg.sentinelPassword }),
      ...(this.cfg.tls === undefined ? {} : { tls: this.cfg.tls }),
      connectTimeout: this.cfg.timeoutMs,
      commandTimeout: this.cfg.timeoutMs,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: true,
      retryStrategy: () => null,
    });
    sentinel.on("error", () => {});
    this.#sentinel = sentinel;
    return sentinel;
  }

  override close(): void {
    super.close();
    this.#sentinel?.disconnect();
    this.#sentinel = undefined;
  }
}

interface ClusterNode {
  id: string;
  flags: Set<string>;
  master: string;
  connected: boolean;
  slots: [number, number][];
}

function parseClusterNodes(text: string): ClusterNode[] {
  return text
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => {
      const [id = "", , flags = "", master = "-", , , , link = "", ...slots] = line.trim().split(" ");
      return {
        id,
        flags: flagsOf(flags),
        master,
        connected: link === "connected",
        slots: slots
          .filter((s) => /^\d/.test(s))
          .map((s) => {
            const [from, to = from] = s.split("-").map(Number);
            return [from!, to!] as [number, number];
          }),
      };
    });
}

class ClusterReplicas extends Polled {
  /** Slot → replicas up of the master serving it. */
  #bySlot = new Uint8Array(16_384);

  constructor(
    cfg: ResolvedRedisConfig,
    private readonly client: Cluster,
  ) {
    super(cfg);
  }

  needed(key: string | undefined): number {
    return key === undefined ? 0 : (this.#bySlot[keySlot(key)] ?? 0);
  }

  protected async read(): Promise<void> {
    const nodes = parseClusterNodes(String(await this.client.call("CLUSTER", "NODES")));
    const upReplicas = new Map<string, number>();
    for (const node of nodes) {
      if (!node.flags.has("slave") || (!node.connected && !node.flags.has("myself"))) continue;
      if (["fail", "fail?", "noaddr", "handshake"].some((flag) => node.flags.has(flag))) continue;
      upReplicas.set(node.master, (upReplicas.get(node.master) ?? 0) + 1);
    }
    const bySlot = new Uint8Array(16_384);
    for (const node of nodes) {
      if (!node.flags.has("master")) continue;
      const count = Math.min(upReplicas.get(node.id) ?? 0, 255);
      for (const [from, to] of node.slots) bySlot.fill(count, from, to + 1);
    }
    this.#bySlot = bySlot;
  }
}

class StandaloneReplicas extends Polled {
  #replicas = 0;

  constructor(
    cfg: ResolvedRedisConfig,
    private readonly client: Redis,
  ) {
    super(cfg);
  }

  needed(): number {
    return this.#replicas;
  }

  protected async read(): Promise<void> {
    const info = String(await this.client.call("INFO", "replication"));
    this.#replicas = info.split("\n").filter((line) => /^slave\d+:.*state=online/.test(line)).length;
  }
}

import { StorageUnavailableError } from "@mcpstore/storage";
import type { Client } from "./clients.js";

interface Pending {
  readonly needed: number;
  readonly command: string;
  readonly args: (string | number)[];
  readonly resolve: (reply: unknown) => void;
  readonly reject: (error: unknown) => void;
}

interface Lane {
  waiting: Pending[];
  busy: boolean;
}

/**
 * Writes that replicas must confirm, sent as group commits: Redis blocks a connection while it runs
 * `WAIT`, so one WAIT per write would let a single connection take one write per replica round trip.
 * Instead, writes that arrive while a group is being confirmed wait for it to finish and then go out
 * together — every write of the group, then one `WAIT n timeout`, in one pipeline — and each resolves
 * only once that WAIT saw n replicas confirm (a replica's acknowledgement covers every earlier write).
 * A lone writer pays one round trip plus the replicas' confirmation; many writers share it.
 *
 * Groups are per lane: in a Cluster a lane is a slot (a pipeline goes to one node), else there is one.
 */
export class GroupCommit {
  readonly #lanes = new Map<string | number, Lane>();

  constructor(
    private readonly client: Client,
    private readonly waitMs: number,
    private readonly describe: (command: string, acks: number, needed: number, waitMs: number) => string,
    private readonly onShortfall: () => void,
  ) {}

  /** Sends `command` in the lane's next group with `WAIT needed`; resolves with its reply once confirmed. */
  write(lane: string | number, needed: number, command: string, args: (string | number)[]): Promise<unknown> {
    return new Promise((resolve, reject) => {
      let entry = this.#lanes.get(lane);
      if (!entry) {
        entry = { waiting: [], busy: false };
        this.#lanes.set(lane, entry);
      }
      entry.waiting.push({ needed, command, args, resolve, reject });
      if (!entry.busy) void this.#flush(lane, entry);
    });
  }

  async #flush(key: string | number, lane: Lane): Promise<void> {
    lane.busy = true;
    // Let the writes issued in this same turn of the event loop join the first group too.
    await Promise.resolve();
    while (lane.waiting.length) {
      const group = lane.waiting.splice(0);
      const needed = Math.max(...group.map((write) => write.needed));
      const pipeline = this.client.pipeline();
      for (const write of group) pipeline.call(write.command, write.args);
      pipeline.call("WAIT", needed, this.waitMs);
      let results: [Error | null, unknown][];
      try {
        results = ((await pipeline.exec()) ?? []) as [Error | null, unknown][];
      } catch (error) {
        for (const write of group) write.reject(error);
        continue;
      }
      const [waitError, acks] = results[group.length] ?? [new Error("no reply to WAIT"), 0];
      const confirmed = !waitError && Number(acks) >= needed;
      if (!confirmed && !waitError) this.onShortfall();
      group.forEach((write, i) => {
        const [error, reply] = results[i] ?? [new Error("no reply"), undefined];
        if (error) write.reject(error);
        else if (waitError) write.reject(waitError);
        else if (!confirmed) {
          write.reject(
            new StorageUnavailableError(this.describe(write.command, Number(acks), needed, this.waitMs)),
          );
        } else write.resolve(reply);
      });
    }
    lane.busy = false;
    this.#lanes.delete(key);
  }
}

import { toMcpServersEntry } from "@mcpstore/mcp-client";
import type { StoreCore } from "../core/store-core.js";
import type { Logger } from "../logger.js";
import type { StoreContext } from "../store-context.js";
import type { MirrorChange } from "../sync/mirror.js";
import { readMcpJson, writeMcpJsonServers } from "./mcp-json-file.js";
import { missingFileError } from "./missing-file.js";

/**
 * Keeps an mcp.json and the store's own services (not agents') together: loads the file at start-up
 * and, with write-back on, rewrites it atomically after every change, serialised so two changes in a
 * row never interleave their writes.
 */
export class McpJsonSync {
  #loading = false;
  #dirty = false;
  #writing: Promise<void> = Promise.resolve();
  #off: (() => void) | undefined;

  constructor(
    readonly path: string,
    private readonly writeBack: boolean,
    private readonly create: boolean,
    private readonly core: StoreCore,
    private readonly logger: Logger,
  ) {}

  /** Adds every service of the file to the store (a no-op for those already there unchanged). */
  async load(store: StoreContext): Promise<number> {
    const file = await readMcpJson(this.path);
    if (!file.exists) {
      if (!this.create) throw await missingFileError(this.path);
      await writeMcpJsonServers(this.path, {});
      this.logger.info(`mcp.json: created ${this.path}`);
    }
    const count = Object.keys(file.servers).length;
    if (count) {
      this.#loading = true;
      try {
        await store.addService({ [file.serversKey]: file.servers });
      } finally {
        this.#loading = false;
      }
    }
    if (this.writeBack) this.#off = this.core.onChange((change) => this.#onChange(change));
    this.logger.debug(`mcp.json: loaded ${count} services from ${this.path}`);
    return count;
  }

  #onChange(change: MirrorChange): void {
    if (this.#loading || change.kind === "ignored") return;
    const record = change.kind === "removed" ? change.previous : change.record;
    if (record.owner.kind !== "store") return;
    if (change.kind === "updated" && !change.definitionChanged) return;
    this.#dirty = true;
    this.#writing = this.#writing.then(() => this.#write());
  }

  async #write(): Promise<void> {
    if (!this.#dirty) return;
    this.#dirty = false;
    const servers: Record<string, unknown> = {};
    const records = [...this.core.mirror.records()]
      .filter((r) => r.owner.kind === "store")
      .sort((a, b) => a.localName.localeCompare(b.localName));
    for (const r of records) servers[r.localName] = toMcpServersEntry(r.definition);
    try {
      await writeMcpJsonServers(this.path, servers);
      this.logger.debug(`mcp.json: wrote ${records.length} services to ${this.path}`);
    } catch (error) {
      this.logger.error(`mcp.json: writing ${this.path} failed`, { error: (error as Error).message });
    }
  }

  /** Waits for pending writes (close() calls it, so a CLI command's change is on disk when it exits). */
  async flush(): Promise<void> {
    await this.#writing;
  }

  stop(): void {
    this.#off?.();
  }
}

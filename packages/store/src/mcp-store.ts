import { MemoryAdapter, type StorageAdapter } from "@mcpstore/storage";

export interface SetupOptions {
  debug?: boolean;
  storage?: StorageAdapter;
}

/** The facade. Filled out by the store issue. */
export class MCPStore {
  private constructor(readonly storage: StorageAdapter) {}

  static async setupStore(options: SetupOptions = {}): Promise<MCPStore> {
    return new MCPStore(options.storage ?? new MemoryAdapter());
  }

  async close(): Promise<void> {
    await this.storage.close();
  }
}

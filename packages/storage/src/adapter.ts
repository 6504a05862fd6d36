/** What the store needs from a storage backend. Filled out by the storage-core issue. */
export interface StorageAdapter {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<boolean>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

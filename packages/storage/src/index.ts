export type { StorageAdapter } from "./adapter.js";
export { MemoryAdapter } from "./memory-adapter.js";

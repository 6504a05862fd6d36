import type { StorageAdapter } from "../adapter.js";
import type { AdapterFactory, ExpectLike } from "./api.js";

/** What every compliance test gets: a fresh adapter and keys nobody else uses. */
export interface TestContext {
  readonly adapter: StorageAdapter;
  readonly expect: ExpectLike;
  /**
   * A fresh key of this test: `{tk…}:name`. Every key of one test carries the same hash tag, so
   * multi-key operations stay in one Cluster slot.
   */
  key(name: string): string;
  /** A key of this test in a slot of its own choosing: `tk…:{tag}:name` (for cross-slot cases). */
  taggedKey(tag: string, name: string): string;
  /** The prefix every `taggedKey` of this test starts with. */
  readonly taggedPrefix: string;
  /** Another adapter from the factory (sees the same data when `capabilities.shared`). */
  another(): Promise<StorageAdapter>;
}

export type Define = (name: string, fn: (t: TestContext) => Promise<void>) => void;

const randomScope = () => `tk${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;

/** Runs one test body with a fresh adapter, then deletes its keys and closes every adapter it made. */
export async function withContext(
  factory: AdapterFactory,
  expect: ExpectLike,
  body: (t: TestContext) => Promise<void>,
): Promise<void> {
  const scope = randomScope();
  const keys = new Set<string>();
  const adapters: StorageAdapter[] = [];
  const make = async () => {
    const adapter = await factory();
    adapters.push(adapter);
    return adapter;
  };
  const adapter = await make();
  const context: TestContext = {
    adapter,
    expect,
    key: (name) => {
      const key = `{${scope}}:${name}`;
      keys.add(key);
      return key;
    },
    taggedKey: (tag, name) => {
      const key = `${scope}:{${tag}}:${name}`;
      keys.add(key);
      return key;
    },
    taggedPrefix: `${scope}:`,
    another: make,
  };
  try {
    await body(context);
  } finally {
    const cleaner = adapters.find((a) => a.status !== "closed");
    if (cleaner && keys.size > 0) await cleaner.delete(...keys).catch(() => {});
    await Promise.allSettled(adapters.map((a) => a.close()));
  }
}

import type { StorageAdapter } from "@mcpstore/storage";

/** Counts the storage calls a store makes, by method, so a benchmark can prove "zero round trips". */
export function countingStorage(inner: StorageAdapter): {
  storage: StorageAdapter;
  counts: Map<string, number>;
} {
  const counts = new Map<string, number>();
  const storage = new Proxy(inner, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== "function" || typeof prop !== "string") return value;
      const fn = value as (...args: unknown[]) => unknown;
      if (prop === "onStatus" || prop === "close") return fn.bind(target);
      return (...args: unknown[]) => {
        counts.set(prop, (counts.get(prop) ?? 0) + 1);
        return fn.apply(target, args);
      };
    },
  });
  return { storage, counts };
}

export function total(counts: Map<string, number>, except: readonly string[] = []): number {
  let n = 0;
  for (const [k, v] of counts) if (!except.includes(k)) n += v;
  return n;
}

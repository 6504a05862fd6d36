import type { StorageAdapter } from "../adapter.js";

/**
 * Wraps an adapter so every storage call is recorded by method name, in order: how a test or a
 * benchmark proves "one round trip" or "zero storage calls in steady state". `onStatus` and `close`
 * are not counted (they are not round trips).
 */
export function countingAdapter(inner: StorageAdapter): { storage: StorageAdapter; calls: string[] } {
  const calls: string[] = [];
  const storage = new Proxy(inner, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== "function" || typeof prop !== "string") return value;
      const fn = value as (...args: unknown[]) => unknown;
      if (prop === "onStatus" || prop === "close") return fn.bind(target);
      return (...args: unknown[]) => {
        calls.push(prop);
        return fn.apply(target, args);
      };
    },
  });
  return { storage, calls };
}

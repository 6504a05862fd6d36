import type { StorageAdapter } from "../adapter.js";

/** The few matchers the suite uses; `expect` of vitest, jest and bun:test all provide them. */
export interface Matchers {
  toBe(expected: unknown): void;
  toEqual(expected: unknown): void;
  toBeGreaterThan(expected: number): void;
  toBeGreaterThanOrEqual(expected: number): void;
  toBeLessThan(expected: number): void;
}

export type ExpectLike = (actual: unknown) => Matchers;

/** The parts of a test runner the suite needs, injected so it works with any runner. */
export interface ComplianceTestApi {
  /** Optional: groups the tests (e.g. vitest's `describe`). */
  describe?: (name: string, fn: () => void) => void;
  /** Registers one test; the third argument is a timeout in milliseconds. */
  it: (name: string, fn: () => Promise<void>, timeoutMs?: number) => void;
  expect: ExpectLike;
}

/** Makes a fresh adapter for one test. The suite closes every adapter it gets. */
export type AdapterFactory = () => Promise<StorageAdapter>;

export interface ComplianceOptions {
  /** Name of the `describe` group. Default "storage adapter compliance". */
  name?: string;
  /** Per-test timeout. Default 30 000 ms (generous: backends start slowly on loaded machines). */
  testTimeoutMs?: number;
}

import type { StorageAdapter } from "../adapter.js";

/** The parts of a test runner the compliance suite needs, injected so it works with any runner. */
export interface TestApi {
  it: (name: string, fn: () => Promise<void>) => void;
  expect: (actual: unknown) => { toBe(expected: unknown): void; toEqual(expected: unknown): void };
}

/** Runs the adapter contract against a fresh adapter per test. */
export function runAdapterCompliance(test: TestApi, createAdapter: () => Promise<StorageAdapter>): void {
  const key = () => `testkit:${Math.random().toString(36).slice(2)}`;

  test.it("get returns what set stored", async () => {
    const adapter = await createAdapter();
    const k = key();
    await adapter.set(k, "v");
    test.expect(await adapter.get(k)).toBe("v");
    await adapter.close();
  });

  test.it("delete removes a document and says whether it existed", async () => {
    const adapter = await createAdapter();
    const k = key();
    await adapter.set(k, "v");
    test.expect(await adapter.delete(k)).toBe(true);
    test.expect(await adapter.delete(k)).toBe(false);
    test.expect(await adapter.get(k)).toBe(null);
    await adapter.close();
  });
}

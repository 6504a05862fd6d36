import type { AdapterFactory, ComplianceOptions, ComplianceTestApi } from "./api.js";
import { type Define, withContext } from "./context.js";
import { batchTests } from "./suites/batch.js";
import { documentTests } from "./suites/documents.js";
import { eventTests } from "./suites/events.js";
import { hashTests } from "./suites/hashes.js";
import { lifecycleTests } from "./suites/lifecycle.js";
import { lockTests } from "./suites/locks.js";
import { scanTests } from "./suites/scan.js";
import { versionedTests } from "./suites/versioned.js";

export type { AdapterFactory, ComplianceOptions, ComplianceTestApi, ExpectLike, Matchers } from "./api.js";
export type { TestContext } from "./context.js";
export { countingAdapter } from "./counting-adapter.js";
export { codeOf, eventually, rejection } from "./helpers.js";

/**
 * Registers the StorageAdapter compliance suite with your test runner. Every test gets a fresh adapter
 * from `createAdapter`, works on random keys (one hash tag per test, so Cluster backends pass too),
 * deletes them afterwards and closes the adapter.
 *
 * ```ts
 * import { describe, expect, it } from "vitest";
 * import { runStorageAdapterCompliance } from "@mcpstore/storage/testkit";
 * runStorageAdapterCompliance({ describe, it, expect }, () => createMyAdapter());
 * ```
 */
export function runStorageAdapterCompliance(
  api: ComplianceTestApi,
  createAdapter: AdapterFactory,
  options: ComplianceOptions = {},
): void {
  const timeout = options.testTimeoutMs ?? 30_000;
  const define: Define = (name, body) =>
    api.it(name, () => withContext(createAdapter, api.expect, body), timeout);
  const register = () => {
    for (const group of [
      documentTests,
      hashTests,
      versionedTests,
      batchTests,
      lockTests,
      eventTests,
      scanTests,
      lifecycleTests,
    ]) {
      group(define);
    }
  };
  if (api.describe) api.describe(options.name ?? "storage adapter compliance", register);
  else register();
}

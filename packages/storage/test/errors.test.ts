import { describe, expect, it } from "vitest";
import {
  assertApplied,
  isStorageError,
  MemoryAdapter,
  StorageConflictError,
  StorageCrossSlotError,
  StorageError,
  StorageTimeoutError,
  StorageUnavailableError,
} from "../src/index.js";

describe("storage errors", () => {
  it("carry stable codes and their class names", () => {
    const timeout = new StorageTimeoutError("Redis at 127.0.0.1:6390 did not answer within 2000 ms", 2000);
    expect(timeout.code).toBe("STORAGE_TIMEOUT");
    expect(timeout.name).toBe("StorageTimeoutError");
    expect(timeout).toBeInstanceOf(StorageUnavailableError);
    expect(timeout).toBeInstanceOf(StorageError);
    expect(isStorageError(timeout)).toBe(true);
    expect(isStorageError(timeout, "STORAGE_AUTH")).toBe(false);
    expect(isStorageError(new Error("x"))).toBe(false);
  });

  it("name the keys of a cross-slot batch, shortening long lists", () => {
    const error = new StorageCrossSlotError(Array.from({ length: 8 }, (_, i) => `k${i}`));
    expect(error.message).toContain("k0, k1, k2, k3, k4, … (8 keys)");
    expect(error.keys).toHaveLength(8);
  });

  it("assertApplied passes a successful batch and throws the conflicts of a failed one", async () => {
    const adapter = new MemoryAdapter();
    const ok = await adapter.batch([{ op: "putVersioned", key: "c", value: "v" }]);
    assertApplied(ok);
    expect(ok.versions).toEqual({ c: 1 });
    const failed = await adapter.batch([{ op: "putVersioned", key: "c", value: "w", expectedVersion: null }]);
    expect(() => assertApplied(failed)).toThrow(StorageConflictError);
    expect(() => assertApplied(failed)).toThrow("Version conflict on c (expected absent, found 1)");
    await adapter.close();
  });
});

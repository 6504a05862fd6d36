import type { Define } from "../context.js";
import { codeOf, eventually, rejection } from "../helpers.js";

export function lockTests(it: Define): void {
  it("a lock has one holder; only the holder's token releases or extends it", async ({
    adapter,
    key,
    expect,
  }) => {
    const k = key("lock");
    const held = await adapter.acquireLock(k, 60_000);
    if (!held) throw new Error("a free lock was not granted");
    expect(held.key).toBe(k);
    expect(typeof held.token === "string" && held.token.length >= 16).toBe(true);
    expect(await adapter.acquireLock(k, 60_000)).toBe(null);
    const impostor = { key: k, token: `${held.token}x` };
    expect(await adapter.releaseLock(impostor)).toBe(false);
    expect(await adapter.extendLock(impostor, 60_000)).toBe(false);
    expect(await adapter.acquireLock(k, 60_000)).toBe(null);
    expect(await adapter.extendLock(held, 60_000)).toBe(true);
    expect(await adapter.releaseLock(held)).toBe(true);
    expect(await adapter.releaseLock(held)).toBe(false);
    const next = await adapter.acquireLock(k, 60_000);
    expect(next !== null && next.token !== held.token).toBe(true);
  });

  it("an expired lock can be taken by another, and the old holder can no longer touch it", async ({
    adapter,
    another,
    key,
    expect,
  }) => {
    const k = key("lock");
    const rival = adapter.capabilities.shared ? await another() : adapter;
    const first = await adapter.acquireLock(k, 40);
    if (!first) throw new Error("a free lock was not granted");
    let second: Awaited<ReturnType<typeof adapter.acquireLock>> = null;
    await eventually("the expired lock was taken by someone else", async () => {
      second = await rival.acquireLock(k, 60_000);
      return second !== null;
    });
    expect(await adapter.releaseLock(first)).toBe(false);
    expect(await adapter.extendLock(first, 60_000)).toBe(false);
    expect(await rival.acquireLock(k, 60_000)).toBe(null);
    expect(await rival.releaseLock(second!)).toBe(true);
  });

  it("extendLock replaces the lock's TTL", async ({ adapter, key, expect }) => {
    const k = key("lock");
    const held = await adapter.acquireLock(k, 60_000);
    if (!held) throw new Error("a free lock was not granted");
    expect(await adapter.extendLock(held, 40)).toBe(true);
    await eventually("the lock, shortened by extendLock, expired", async () => {
      const next = await adapter.acquireLock(k, 60_000);
      return next !== null;
    });
  });

  it("rejects a bad lock TTL or handle with STORAGE_INVALID_ARGUMENT", async ({ adapter, key, expect }) => {
    const k = key("lock");
    expect(codeOf(await rejection(adapter.acquireLock(k, 0)))).toBe("STORAGE_INVALID_ARGUMENT");
    const held = await adapter.acquireLock(k, 60_000);
    expect(held !== null).toBe(true);
    expect(codeOf(await rejection(adapter.extendLock(held!, -1)))).toBe("STORAGE_INVALID_ARGUMENT");
    expect(codeOf(await rejection(adapter.releaseLock({ key: k, token: 5 as unknown as string })))).toBe(
      "STORAGE_INVALID_ARGUMENT",
    );
    expect(await adapter.releaseLock(held!)).toBe(true);
  });
}

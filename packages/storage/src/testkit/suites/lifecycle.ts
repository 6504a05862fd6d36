import type { StorageStatusEvent } from "../../adapter.js";
import type { Define } from "../context.js";
import { codeOf, rejection } from "../helpers.js";

export function lifecycleTests(it: Define): void {
  it("describes itself: a kind and boolean capability flags", async ({ adapter, expect }) => {
    expect(typeof adapter.kind === "string" && adapter.kind.length > 0).toBe(true);
    const { persistent, shared, blockingReads, cluster } = adapter.capabilities;
    expect([persistent, shared, blockingReads, cluster].every((flag) => typeof flag === "boolean")).toBe(
      true,
    );
  });

  it("is ready after creation and answers ping", async ({ adapter, expect }) => {
    expect(adapter.status).toBe("ready");
    await adapter.ping();
  });

  it("close reports 'closed', is idempotent, and later calls reject with STORAGE_CLOSED", async ({
    adapter,
    key,
    expect,
  }) => {
    const events: StorageStatusEvent[] = [];
    const unsubscribe = adapter.onStatus((event) => events.push(event));
    await adapter.close();
    await adapter.close();
    expect(adapter.status).toBe("closed");
    expect(events.map((e) => e.status)).toEqual(["closed"]);
    unsubscribe();
    for (const call of [
      () => adapter.get(key("k")),
      () => adapter.set(key("k"), "v"),
      () => adapter.batch([]),
      () => adapter.ping(),
      () => adapter.readEvents(key("log"), "0-0"),
    ]) {
      expect(codeOf(await rejection(call()))).toBe("STORAGE_CLOSED");
    }
  });

  it("a listener that unsubscribed hears nothing more, and one that throws breaks nothing", async ({
    adapter,
    expect,
  }) => {
    const heard: string[] = [];
    const unsubscribe = adapter.onStatus((event) => heard.push(event.status));
    unsubscribe();
    adapter.onStatus(() => {
      throw new Error("a faulty listener");
    });
    await adapter.close();
    expect(heard).toEqual([]);
    expect(adapter.status).toBe("closed");
  });

  it("a second client sees the first's writes exactly when the backend is shared", async ({
    adapter,
    another,
    key,
    expect,
  }) => {
    const k = key("shared");
    await adapter.set(k, "visible?");
    const other = await another();
    expect(other.capabilities.shared).toBe(adapter.capabilities.shared);
    expect(await other.get(k)).toBe(adapter.capabilities.shared ? "visible?" : null);
  });
}

import type { Define } from "../context.js";
import { codeOf, eventually, rejection } from "../helpers.js";

export function versionedTests(it: Define): void {
  it("versions start at 1 and go up by one per write", async ({ adapter, key, expect }) => {
    const k = key("config");
    expect(await adapter.getVersioned(k)).toBe(null);
    expect(await adapter.batch([{ op: "putVersioned", key: k, value: "a", expectedVersion: null }])).toEqual({
      ok: true,
      versions: { [k]: 1 },
      eventIds: [],
    });
    expect(await adapter.batch([{ op: "putVersioned", key: k, value: "b", expectedVersion: 1 }])).toEqual({
      ok: true,
      versions: { [k]: 2 },
      eventIds: [],
    });
    expect(await adapter.batch([{ op: "putVersioned", key: k, value: "c" }])).toEqual({
      ok: true,
      versions: { [k]: 3 },
      eventIds: [],
    });
    expect(await adapter.getVersioned(k)).toEqual({ value: "c", version: 3 });
  });

  it("a stale expected version is a conflict that reports the version found and changes nothing", async ({
    adapter,
    key,
    expect,
  }) => {
    const [k, absent] = [key("config"), key("absent")];
    await adapter.batch([{ op: "putVersioned", key: k, value: "a" }]);
    await adapter.batch([{ op: "putVersioned", key: k, value: "b" }]);
    const result = await adapter.batch([
      { op: "putVersioned", key: k, value: "stale", expectedVersion: 1 },
      { op: "putVersioned", key: absent, value: "x", expectedVersion: 3 },
    ]);
    expect(result).toEqual({
      ok: false,
      conflicts: [
        { key: k, expected: 1, actual: 2 },
        { key: absent, expected: 3, actual: 0 },
      ],
    });
    expect(await adapter.getVersioned(k)).toEqual({ value: "b", version: 2 });
    expect(await adapter.getVersioned(absent)).toBe(null);
  });

  it("expectedVersion null (or 0) means 'must not exist yet'", async ({ adapter, key, expect }) => {
    const k = key("config");
    expect((await adapter.batch([{ op: "putVersioned", key: k, value: "a", expectedVersion: 0 }])).ok).toBe(
      true,
    );
    expect(await adapter.batch([{ op: "putVersioned", key: k, value: "b", expectedVersion: null }])).toEqual({
      ok: false,
      conflicts: [{ key: k, expected: null, actual: 1 }],
    });
  });

  it("deleteVersioned honours its condition and reports version 0", async ({ adapter, key, expect }) => {
    const k = key("config");
    await adapter.batch([{ op: "putVersioned", key: k, value: "a" }]);
    expect(await adapter.batch([{ op: "deleteVersioned", key: k, expectedVersion: 7 }])).toEqual({
      ok: false,
      conflicts: [{ key: k, expected: 7, actual: 1 }],
    });
    expect(await adapter.batch([{ op: "deleteVersioned", key: k, expectedVersion: 1 }])).toEqual({
      ok: true,
      versions: { [k]: 0 },
      eventIds: [],
    });
    expect(await adapter.getVersioned(k)).toBe(null);
    expect((await adapter.batch([{ op: "deleteVersioned", key: k }])).ok).toBe(true);
  });

  it("putVersioned with a version stores that version, only if it is greater than the current one", async ({
    adapter,
    key,
    expect,
  }) => {
    const k = key("config");
    expect(
      await adapter.batch([{ op: "putVersioned", key: k, value: "a", expectedVersion: null, version: 40 }]),
    ).toEqual({ ok: true, versions: { [k]: 40 }, eventIds: [] });
    expect(await adapter.getVersioned(k)).toEqual({ value: "a", version: 40 });
    expect(await adapter.batch([{ op: "putVersioned", key: k, value: "b", expectedVersion: 40 }])).toEqual({
      ok: true,
      versions: { [k]: 41 },
      eventIds: [],
    });
    // Not greater than the current version: a conflict, and nothing of the batch is applied.
    const other = key("other");
    expect(
      await adapter.batch([
        { op: "set", key: other, value: "x" },
        { op: "putVersioned", key: k, value: "c", version: 41 },
      ]),
    ).toEqual({ ok: false, conflicts: [{ key: k, expected: null, actual: 41 }] });
    expect(await adapter.get(other)).toBe(null);
    expect(await adapter.getVersioned(k)).toEqual({ value: "b", version: 41 });
    for (const version of [0, -1, 1.5]) {
      expect(
        codeOf(await rejection(adapter.batch([{ op: "putVersioned", key: k, value: "d", version }]))),
      ).toBe("STORAGE_INVALID_ARGUMENT");
    }
  });

  it("checkVersion writes nothing and lets the batch apply only at the version it names", async ({
    adapter,
    key,
    expect,
  }) => {
    const [k, absent, doc] = [key("config"), key("absent"), key("doc")];
    await adapter.batch([{ op: "putVersioned", key: k, value: "a" }]);
    expect(
      await adapter.batch([
        { op: "checkVersion", key: k, expectedVersion: 1 },
        { op: "checkVersion", key: absent, expectedVersion: null },
        { op: "set", key: doc, value: "written" },
      ]),
    ).toEqual({ ok: true, versions: {}, eventIds: [] });
    expect(await adapter.get(doc)).toBe("written");
    expect(await adapter.getVersioned(k)).toEqual({ value: "a", version: 1 });
    expect(await adapter.getVersioned(absent)).toBe(null);
    expect(
      await adapter.batch([
        { op: "checkVersion", key: k, expectedVersion: 2 },
        { op: "checkVersion", key: absent, expectedVersion: 0 },
        { op: "set", key: doc, value: "not written" },
      ]),
    ).toEqual({ ok: false, conflicts: [{ key: k, expected: 2, actual: 1 }] });
    expect(
      await adapter.batch([
        { op: "checkVersion", key: absent, expectedVersion: 3 },
        { op: "delete", key: doc },
      ]),
    ).toEqual({ ok: false, conflicts: [{ key: absent, expected: 3, actual: 0 }] });
    expect(await adapter.get(doc)).toBe("written");
    await adapter.set(absent, "plain");
    expect(
      codeOf(await rejection(adapter.batch([{ op: "checkVersion", key: absent, expectedVersion: 1 }]))),
    ).toBe("STORAGE_WRONG_TYPE");
    expect(
      codeOf(
        await rejection(
          adapter.batch([
            { op: "checkVersion", key: k, expectedVersion: 1 },
            { op: "putVersioned", key: k, value: "twice" },
          ]),
        ),
      ),
    ).toBe("STORAGE_INVALID_ARGUMENT");
  });

  it("of N concurrent compare-and-set writers exactly one wins", async ({
    adapter,
    another,
    key,
    expect,
  }) => {
    const k = key("race");
    await adapter.batch([{ op: "putVersioned", key: k, value: "start" }]);
    const writers = adapter.capabilities.shared ? [adapter, await another(), await another()] : [adapter];
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        writers[i % writers.length]!.batch([
          { op: "putVersioned", key: k, value: `writer ${i}`, expectedVersion: 1 },
        ]),
      ),
    );
    const winners = results.flatMap((r, i) => (r.ok ? [i] : []));
    expect(winners.length).toBe(1);
    expect(await adapter.getVersioned(k)).toEqual({ value: `writer ${winners[0]}`, version: 2 });
    for (const r of results) if (!r.ok) expect(r.conflicts).toEqual([{ key: k, expected: 1, actual: 2 }]);
  });

  it("getManyVersioned keeps key order and gives null for absent keys", async ({ adapter, key, expect }) => {
    const [a, b, c] = [key("a"), key("b"), key("c")];
    await adapter.batch([
      { op: "putVersioned", key: a, value: "A" },
      { op: "putVersioned", key: c, value: "C" },
    ]);
    await adapter.batch([{ op: "putVersioned", key: c, value: "C2" }]);
    expect(await adapter.getManyVersioned([c, b, a])).toEqual([
      { value: "C2", version: 2 },
      null,
      { value: "A", version: 1 },
    ]);
    expect(await adapter.getManyVersioned([])).toEqual([]);
  });

  it("a versioned write with a TTL expires; one without removes the TTL", async ({
    adapter,
    key,
    expect,
  }) => {
    const [expiring, kept] = [key("expiring"), key("kept")];
    await adapter.batch([
      { op: "putVersioned", key: expiring, value: "x", ttlMs: 40 },
      { op: "putVersioned", key: kept, value: "y", ttlMs: 40 },
    ]);
    await adapter.batch([{ op: "putVersioned", key: kept, value: "y2", expectedVersion: 1 }]);
    await eventually(
      "the versioned document expired",
      async () => (await adapter.getVersioned(expiring)) === null,
    );
    expect(await adapter.getVersioned(kept)).toEqual({ value: "y2", version: 2 });
  });

  it("reading a document as versioned rejects with STORAGE_WRONG_TYPE", async ({ adapter, key, expect }) => {
    const d = key("d");
    await adapter.set(d, "plain");
    expect(codeOf(await rejection(adapter.getVersioned(d)))).toBe("STORAGE_WRONG_TYPE");
    expect(codeOf(await rejection(adapter.getManyVersioned([d])))).toBe("STORAGE_WRONG_TYPE");
    expect(codeOf(await rejection(adapter.batch([{ op: "putVersioned", key: d, value: "v" }])))).toBe(
      "STORAGE_WRONG_TYPE",
    );
    expect(await adapter.get(d)).toBe("plain");
  });
}

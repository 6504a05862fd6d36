import { readFileSync } from "node:fs";
import * as keyspace from "@mcpstore/keyspace";
import * as client from "@mcpstore/mcp-client";
import * as storage from "@mcpstore/storage";
import { describe, expect, it } from "vitest";
import * as store from "../../src/index.js";

type Exports = Record<string, unknown>;

/** The error classes a module exports (its values whose prototype chain reaches Error). */
function errorClasses(module: Exports): [string, new (...args: never[]) => Error][] {
  return Object.entries(module).filter(
    (entry): entry is [string, new (...args: never[]) => Error] =>
      typeof entry[1] === "function" &&
      Object.prototype.isPrototypeOf.call(
        Error.prototype,
        (entry[1] as { prototype?: object }).prototype ?? {},
      ),
  );
}

describe("one error hierarchy", () => {
  it("every error class of every package extends MCPStoreError", () => {
    const all = [client, keyspace, storage, store].flatMap((m) => errorClasses(m as Exports));
    expect(all.length).toBeGreaterThan(30);
    const outside = all.filter(
      ([, cls]) =>
        !Object.prototype.isPrototypeOf.call(store.MCPStoreError.prototype, cls.prototype) &&
        cls !== store.MCPStoreError,
    );
    expect(outside.map(([name]) => name)).toEqual([]);
  });

  it("the store exports every error class of the packages below it", () => {
    const below = [client, keyspace, storage].flatMap((m) =>
      errorClasses(m as Exports).map(([name]) => name),
    );
    const exported = new Set(errorClasses(store as Exports).map(([name]) => name));
    expect(below.filter((name) => !exported.has(name))).toEqual([]);
  });

  it("keeps McpStoreError as an alias of MCPStoreError", () => {
    expect(store.McpStoreError).toBe(store.MCPStoreError);
    const error = new store.StorageAuthError("Redis at h:1 refused the credentials");
    expect(error).toBeInstanceOf(store.McpStoreError);
    expect(store.isMCPStoreError(error, "STORAGE_AUTH")).toBe(true);
    expect(new store.ConfigError([{ path: "x", message: "bad" }])).toBeInstanceOf(store.MCPStoreError);
  });
});

describe("the README's error table", () => {
  const root = new URL("../../../../", import.meta.url);
  const read = (path: string) => readFileSync(new URL(path, root), "utf8");
  // Where codes are made: every package's errors, plus the few made next to their use.
  const sources = [
    "packages/keyspace/src/errors.ts",
    "packages/storage/src/errors.ts",
    "packages/mcp-client/src/errors.ts",
    "packages/mcp-client/src/connection/service-connection.ts",
    "packages/store/src/errors.ts",
    "packages/store/src/mcp-json/mcp-json-file.ts",
    "packages/store/src/mcp-json/missing-file.ts",
  ];
  // NameNotFoundError / AmbiguousNameError build theirs from the kind ("tool", "prompt").
  const built = ["TOOL_NOT_FOUND", "PROMPT_NOT_FOUND", "TOOL_AMBIGUOUS", "PROMPT_AMBIGUOUS"];
  const inCode = new Set([
    ...built,
    ...sources.flatMap((file) => [...read(file).matchAll(/"([A-Z]+(?:_[A-Z]+)+)"/g)].map((m) => m[1]!)),
  ]);
  const table = [...read("README.md").matchAll(/^\| `([A-Z_]+)` +\| `(\w+)`/gm)];
  const inTable = new Map(table.map((m) => [m[1]!, m[2]!]));

  it("lists every code the code can throw, and no other", () => {
    expect(inTable.size).toBeGreaterThan(30);
    expect([...inCode].filter((code) => !inTable.has(code)).sort()).toEqual([]);
    expect([...inTable.keys()].filter((code) => !inCode.has(code)).sort()).toEqual([]);
  });

  it("names classes the store exports", () => {
    const missing = [...inTable.values()].filter(
      (cls) => typeof (store as Record<string, unknown>)[cls] !== "function",
    );
    expect(missing).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { createKeyspace, KeyspaceNameError, MAX_NAME_LENGTH, validateName } from "../src/index.js";

const caught = (fn: () => unknown): KeyspaceNameError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof KeyspaceNameError) return error;
    throw error;
  }
  throw new Error("expected a KeyspaceNameError");
};

describe("name validation", () => {
  it("refuses empty names, naming the kind", () => {
    const error = caught(() => createKeyspace({ namespace: "" }));
    expect(error.code).toBe("KEYSPACE_INVALID_NAME");
    expect(error.kind).toBe("namespace");
    expect(error.reason).toBe("empty");
    expect(error.message).toBe("Invalid namespace name: it must not be empty");
  });

  it("refuses oversized names with the length and the limit", () => {
    const ks = createKeyspace({ dataspace: "ws" });
    const error = caught(() => ks.serviceConfig("s".repeat(MAX_NAME_LENGTH + 1)));
    expect(error.reason).toBe("too-long");
    expect(error.kind).toBe("service");
    expect(error.message).toContain(`${MAX_NAME_LENGTH + 1} characters, the limit is ${MAX_NAME_LENGTH}`);
    expect(ks.serviceConfig("s".repeat(MAX_NAME_LENGTH))).toContain("s".repeat(MAX_NAME_LENGTH));
  });

  it("refuses non-string names, saying what was given", () => {
    const ks = createKeyspace({ dataspace: "ws" });
    const notStrings: [unknown, string][] = [
      [42, "number"],
      [null, "null"],
      [undefined, "undefined"],
      [["a"], "array"],
      [{}, "object"],
    ];
    for (const [value, type] of notStrings) {
      const error = caught(() => ks.toolInfo(value as string));
      expect(error.reason).toBe("not-a-string");
      expect(error.message).toBe(`Invalid tool name: expected a string, got ${type}`);
    }
    expect(caught(() => createKeyspace({ dataspace: 7 as unknown as string })).kind).toBe("dataspace");
  });

  it("refuses lone surrogates, which UTF-8 would turn into the same replacement character", () => {
    const error = caught(() => validateName("agent", "a\uD800"));
    expect(error.reason).toBe("malformed");
    expect(validateName("agent", "emoji 😀")).toBe("emoji 😀");
  });
});

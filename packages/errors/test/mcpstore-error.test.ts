import { describe, expect, it } from "vitest";
import { errorToJSON, isMCPStoreError, MCPStoreError } from "../src/index.js";

class ThingError extends MCPStoreError {
  readonly service = "weather";
  readonly password = "hunter2";
  readonly headers = { Authorization: "Bearer abc" };
  constructor(cause?: unknown) {
    super("THING_FAILED", 'service "weather": the thing failed', { cause });
  }
}

describe("MCPStoreError", () => {
  it("carries a stable code, the subclass name and the cause", () => {
    const cause = new Error("socket hang up");
    const error = new ThingError(cause);
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(MCPStoreError);
    expect(error).toBeInstanceOf(ThingError);
    expect(error.name).toBe("ThingError");
    expect(error.code).toBe("THING_FAILED");
    expect(error.cause).toBe(cause);
  });

  it("is named MCPStoreError itself", () => {
    expect(new MCPStoreError("A", "a").name).toBe("MCPStoreError");
  });

  it("keeps the ordinary instanceof for subclasses", () => {
    class OtherError extends MCPStoreError {}
    expect(new OtherError("X", "x")).not.toBeInstanceOf(ThingError);
    expect(new ThingError()).not.toBeInstanceOf(OtherError);
    expect(new Error("plain")).not.toBeInstanceOf(MCPStoreError);
    expect({ code: "X", message: "duck" }).not.toBeInstanceOf(MCPStoreError);
  });

  it("serialises to JSON without stack or credential fields, with the cause chain", () => {
    const json = JSON.parse(JSON.stringify(new ThingError(new ThingError(new Error("root")))));
    expect(json).toEqual({
      name: "ThingError",
      code: "THING_FAILED",
      message: 'service "weather": the thing failed',
      service: "weather",
      cause: {
        name: "ThingError",
        code: "THING_FAILED",
        message: 'service "weather": the thing failed',
        service: "weather",
        cause: { name: "Error", message: "root" },
      },
    });
    expect(JSON.stringify(new ThingError())).not.toMatch(/hunter2|Bearer|stack/);
  });

  it("stops at a cause cycle", () => {
    const a = new MCPStoreError("A", "a");
    const b = new MCPStoreError("B", "b", { cause: a });
    Object.defineProperty(a, "cause", { value: b });
    expect(() => JSON.stringify(a)).not.toThrow();
  });

  it("serialises non-errors given as a cause", () => {
    expect(errorToJSON(new MCPStoreError("A", "a", { cause: "why" })).cause).toEqual({
      name: "Error",
      message: "why",
    });
  });
});

describe("isMCPStoreError", () => {
  it("matches by code when asked", () => {
    const error = new ThingError();
    expect(isMCPStoreError(error)).toBe(true);
    expect(isMCPStoreError(error, "THING_FAILED")).toBe(true);
    expect(isMCPStoreError(error, "OTHER")).toBe(false);
    expect(isMCPStoreError(new Error("plain"))).toBe(false);
    expect(isMCPStoreError(null)).toBe(false);
  });

  it("recognises an error made by another copy of the package", async () => {
    // A query string makes Vite load the module a second time: a separate class, as a duplicate install.
    const second = "../src/mcpstore-error.js?copy";
    const copy = (await import(/* @vite-ignore */ second)) as typeof import("../src/mcpstore-error.js");
    expect(copy.MCPStoreError).not.toBe(MCPStoreError);
    const foreign = new copy.MCPStoreError("FOREIGN", "from the other copy");
    expect(foreign).toBeInstanceOf(MCPStoreError);
    expect(isMCPStoreError(foreign, "FOREIGN")).toBe(true);
    expect(new ThingError()).toBeInstanceOf(copy.MCPStoreError);
  });
});

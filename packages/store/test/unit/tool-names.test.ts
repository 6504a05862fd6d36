import { describe, expect, it } from "vitest";
import { AmbiguousToolError, ToolNotFoundError } from "../../src/errors.js";
import { NameTable, type ToolDescriptor } from "../../src/tools/name-table.js";
import { qualifiedToolName, TOOL_NAME_PATTERN } from "../../src/tools/qualified-name.js";

const tool = (name: string): ToolDescriptor => ({ name, inputSchema: { type: "object" } });

describe("qualifiedToolName", () => {
  it("joins service and tool with a double underscore when both are already valid", () => {
    expect(qualifiedToolName("howtocook", "mcp_howtocook_getAllRecipes")).toBe(
      "howtocook__mcp_howtocook_getAllRecipes",
    );
  });

  it("replaces characters LLM APIs reject and stays within the pattern", () => {
    const name = qualifiedToolName("my.weather svc", "get/forecast:v2");
    // The service part keeps a hash of the exact name, so "my.weather svc" never meets "my_weather_svc".
    expect(name).toBe("my_weather_svc_b529376f__get_forecast_v2");
    expect(name).toMatch(TOOL_NAME_PATTERN);
  });

  it("shortens long names to 64 characters with a hash suffix that separates near-identical pairs", () => {
    const service = "s".repeat(40);
    const a = qualifiedToolName(service, `${"t".repeat(40)}_alpha`);
    const b = qualifiedToolName(service, `${"t".repeat(40)}_beta`);
    expect(a).toHaveLength(64);
    expect(b).toHaveLength(64);
    expect(a).toMatch(TOOL_NAME_PATTERN);
    expect(a).not.toBe(b);
    // Stable: the same pair gives the same name on every call (and in every process).
    expect(qualifiedToolName(service, `${"t".repeat(40)}_alpha`)).toBe(a);
  });

  it("maps non-ASCII service names to ASCII plus a hash of the exact name, whatever else exists", () => {
    expect(qualifiedToolName("天气", "echo")).toBe("svc_4d947325__echo");
    expect(qualifiedToolName("新闻", "echo")).toBe("svc_d39567b2__echo");
    expect(qualifiedToolName("天气", "查询")).toMatch(TOOL_NAME_PATTERN);
  });
});

describe("NameTable", () => {
  const table = new NameTable("tool", [
    { service: "weather", items: [tool("get_forecast"), tool("ping")], ref: "w" },
    { service: "howtocook", items: [tool("mcp_howtocook_getAllRecipes"), tool("ping")], ref: "h" },
  ]);

  it("resolves a qualified name to its service and original name", () => {
    const entry = table.resolve("weather__get_forecast");
    expect(entry).toMatchObject({ service: "weather", originalName: "get_forecast", ref: "w" });
  });

  it("resolves an original name that is unique among the services", () => {
    expect(table.resolve("mcp_howtocook_getAllRecipes")).toMatchObject({
      name: "howtocook__mcp_howtocook_getAllRecipes",
      ref: "h",
    });
  });

  it("refuses an ambiguous original name and names every candidate service", () => {
    let caught: unknown;
    try {
      table.resolve("ping");
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AmbiguousToolError);
    const err = caught as AmbiguousToolError;
    expect(err.code).toBe("TOOL_AMBIGUOUS");
    expect(err.candidates.map((c) => c.service).sort()).toEqual(["howtocook", "weather"]);
    expect(err.message).toContain("howtocook__ping");
    expect(err.message).toContain("weather__ping");
  });

  it("refuses an unknown name, suggesting the nearest ones, never calling a fuzzy match", () => {
    let caught: unknown;
    try {
      table.resolve("get_forcast");
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ToolNotFoundError);
    const err = caught as ToolNotFoundError;
    expect(err.code).toBe("TOOL_NOT_FOUND");
    expect(err.nearest[0]).toBe("weather__get_forecast");
    expect(table.find("get_forcast")).toBeUndefined();
  });

  it("keeps every name when services are added: a name depends only on its own pair", () => {
    const one = new NameTable("tool", [{ service: "天气", items: [tool("echo")], ref: 1 }]);
    const two = new NameTable("tool", [
      { service: "天气", items: [tool("echo")], ref: 1 },
      { service: "新闻", items: [tool("echo")], ref: 2 },
      { service: "my.svc", items: [tool("go")], ref: 3 },
      { service: "my_svc", items: [tool("go")], ref: 4 },
    ]);
    const name = one.entries[0]!.name;
    expect(name).toBe("svc_4d947325__echo");
    expect(two.resolve(name).ref).toBe(1);
    expect(two.entries.map((e) => e.name).sort()).toEqual([
      "my_svc_3e7c6f34__go",
      "my_svc__go",
      "svc_4d947325__echo",
      "svc_d39567b2__echo",
    ]);
    expect(two.conflicts).toEqual([]);
  });

  it("reports a collision and never moves a name already handed out", () => {
    // Service "zz__b" with tool "c" and service "zz" with tool "b__c" both spell "zz__b__c".
    const first = new NameTable("tool", [{ service: "zz__b", items: [tool("c")], ref: "old" }]);
    const later = new NameTable(
      "tool",
      [
        { service: "zz", items: [tool("b__c")], ref: "new" },
        { service: "zz__b", items: [tool("c")], ref: "old" },
      ],
      first.claims(),
    );
    expect(later.resolve("zz__b__c").ref).toBe("old");
    expect(later.entries.map((e) => e.ref)).toEqual(["old"]);
    expect(later.conflicts).toEqual([
      {
        name: "zz__b__c",
        kept: { service: "zz__b", originalName: "c" },
        hidden: { service: "zz", originalName: "b__c" },
      },
    ]);
    // Without history, the first pair in (service, tool) order keeps it: every instance agrees.
    const fresh = new NameTable("tool", [
      { service: "zz__b", items: [tool("c")], ref: "old" },
      { service: "zz", items: [tool("b__c")], ref: "new" },
    ]);
    expect(fresh.resolve("zz__b__c").ref).toBe("new");
  });

  it("lists a service's tools and an empty table says no tools are available", () => {
    expect(table.forService("weather").map((e) => e.originalName)).toEqual(["get_forecast", "ping"]);
    expect(() => new NameTable("tool", []).resolve("x")).toThrow(/No tools are available/);
  });
});

describe("NameTable for prompts", () => {
  it("uses prompt error codes", () => {
    const prompts = new NameTable("prompt", [
      { service: "a", items: [{ name: "greet" }], ref: 1 },
      { service: "b", items: [{ name: "greet" }], ref: 2 },
    ]);
    expect(() => prompts.resolve("greet")).toThrow(expect.objectContaining({ code: "PROMPT_AMBIGUOUS" }));
    expect(() => prompts.resolve("gret")).toThrow(expect.objectContaining({ code: "PROMPT_NOT_FOUND" }));
    expect(prompts.resolve("b__greet").ref).toBe(2);
  });
});

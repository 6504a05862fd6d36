import { describe, expect, it } from "vitest";
import { escapeComponent, unescapeComponent } from "../src/index.js";

describe("escapeComponent", () => {
  it("leaves ordinary names alone", () => {
    expect(escapeComponent("weather_v2-eu")).toBe("weather_v2-eu");
  });

  it("encodes separators, braces, percent and whitespace so no name forges a key", () => {
    expect(escapeComponent("a:b{c}%d e\n")).toBe("a%3Ab%7Bc%7D%25d%20e%0A");
    expect(unescapeComponent(escapeComponent("a:b{c}%d e\n"))).toBe("a:b{c}%d e\n");
  });
});

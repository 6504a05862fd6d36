import { describe, expect, it } from "vitest";
import { normaliseServices } from "../src/index.js";

describe("normaliseServices", () => {
  it("reads the guide's local and remote shapes", () => {
    expect(
      normaliseServices({
        mcpServers: {
          howtocook: { command: "npx", args: ["-y", "howtocook-mcp"] },
          weather: { url: "http://x/mcp" },
        },
      }),
    ).toEqual([
      { name: "howtocook", command: "npx", args: ["-y", "howtocook-mcp"], env: {} },
      { name: "weather", url: "http://x/mcp" },
    ]);
  });

  it("names the service when it has neither command nor url", () => {
    expect(() => normaliseServices({ mcpServers: { broken: {} } })).toThrow(/mcpServers\.broken/);
  });
});

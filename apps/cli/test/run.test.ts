import { expect, it } from "vitest";
import { run } from "../src/index.js";

it("prints help with exit 0 and rejects an unknown command with exit 2", async () => {
  const lines: string[] = [];
  expect(await run(["--help"], (l) => lines.push(l))).toBe(0);
  expect(lines.join("\n")).toMatch(/Usage: mcpstore/);
  expect(await run(["frobnicate"], (l) => lines.push(l))).toBe(2);
  expect(lines.at(-1)).toMatch(/unknown command "frobnicate"/);
});

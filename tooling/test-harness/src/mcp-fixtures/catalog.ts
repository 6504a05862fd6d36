import {
  ErrorCode,
  type GetPromptResult,
  McpError,
  type Prompt,
  type ReadResourceResult,
  type Resource,
} from "@modelcontextprotocol/sdk/types.js";
import type { FixtureState } from "./state.js";

/** The fixture's resources and prompt: small, fixed, enough for a client to list, read and render. */

export const README_TEXT = "This is the MCPStore fixture server. Its tools are deterministic.\n";

export const fixtureResources: Resource[] = [
  { uri: "fixture://readme", name: "readme", description: "A fixed text.", mimeType: "text/plain" },
  {
    uri: "fixture://stats",
    name: "stats",
    description: "This fixture's counters.",
    mimeType: "application/json",
  },
];

export function readResource(uri: string, state: FixtureState): ReadResourceResult {
  if (uri === "fixture://readme") return { contents: [{ uri, mimeType: "text/plain", text: README_TEXT }] };
  if (uri === "fixture://stats") {
    return { contents: [{ uri, mimeType: "application/json", text: JSON.stringify(state.snapshot()) }] };
  }
  // -32002 is the spec's "resource not found".
  throw new McpError(-32002, `Resource not found: ${uri}`);
}

export const fixturePrompts: Prompt[] = [
  {
    name: "greet",
    description: "A greeting for name.",
    arguments: [{ name: "name", description: "Who to greet.", required: true }],
  },
];

export function getPrompt(name: string, args: Record<string, string> | undefined): GetPromptResult {
  if (name !== "greet") throw new McpError(ErrorCode.InvalidParams, `Prompt not found: ${name}`);
  const who = args?.name;
  if (!who) throw new McpError(ErrorCode.InvalidParams, "Prompt greet needs the argument name");
  return {
    description: `A greeting for ${who}.`,
    messages: [{ role: "user", content: { type: "text", text: `Hello, ${who}!` } }],
  };
}

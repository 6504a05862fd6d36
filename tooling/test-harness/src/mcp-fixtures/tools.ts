import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import type { FixtureOptions } from "./options.js";
import type { FixtureState } from "./state.js";
import { defineTool, type FixtureTool, type ToolContext, text } from "./tool.js";
import { waitUnlessAborted } from "./wait.js";

/** Waits as told; a cancelled request stops the wait and is counted in `stats.cancelled`. */
async function cancellableWait(ms: number, { extra, state }: ToolContext): Promise<void> {
  try {
    await waitUnlessAborted(ms, extra.signal);
  } catch (reason) {
    state.stats.cancelled++;
    throw reason;
  }
}

const echo = defineTool({
  name: "echo",
  description: "Answers with the given text.",
  input: z.object({ text: z.string() }),
  run: ({ text: value }) => text(value),
});

const add = defineTool({
  name: "add",
  description: "Answers with a + b, as text and as structuredContent { sum }.",
  input: z.object({ a: z.number(), b: z.number() }),
  output: z.object({ sum: z.number() }),
  run: ({ a, b }) => ({ ...text(String(a + b)), structuredContent: { sum: a + b } }),
});

const slow = defineTool({
  name: "slow",
  description: "Answers after ms milliseconds; a cancelled call stops its timer and is counted.",
  input: z.object({ ms: z.number().int().min(0).max(600_000) }),
  run: async ({ ms }, context) => {
    await cancellableWait(ms, context);
    return text(`waited ${ms} ms`);
  },
});

const neverAnswer = defineTool({
  name: "never_answer",
  description: "Never answers; a cancelled call is counted.",
  input: z.object({}),
  run: async (_args, context) => {
    await cancellableWait(Number.POSITIVE_INFINITY, context);
    return text("unreachable");
  },
});

const fail = defineTool({
  name: "fail",
  description: "Answers with a tool error (isError: true).",
  input: z.object({ message: z.string().optional() }),
  run: ({ message }) => ({ ...text(message ?? "fixture tool failed"), isError: true }),
});

const throwTool = defineTool({
  name: "throw",
  description: "Answers with a JSON-RPC error (InternalError, -32603).",
  input: z.object({ message: z.string().optional() }),
  run: ({ message }) => {
    throw new McpError(ErrorCode.InternalError, message ?? "fixture tool threw");
  },
});

const crash = defineTool({
  name: "crash",
  description: "Stdio: the process exits with code (default 1). HTTP: the session is dropped.",
  input: z.object({ code: z.number().int().min(0).max(255).optional() }),
  run: async ({ code }, context) => {
    context.crash(code ?? 1);
    // Nothing answers a crash; waiting on the signal lets the dropped session abort us quietly.
    await waitUnlessAborted(Number.POSITIVE_INFINITY, context.extra.signal);
    return text("unreachable");
  },
});

const big = defineTool({
  name: "big",
  description: "Answers with a text of exactly kb KiB (kb × 1024 ASCII characters).",
  input: z.object({ kb: z.number().int().min(0).max(65_536) }),
  run: ({ kb }) => text("x".repeat(kb * 1024)),
});

const progress = defineTool({
  name: "progress",
  description:
    "Sends `steps` progress notifications when the request carries a progressToken, waiting intervalMs " +
    "before each step and before answering.",
  input: z.object({
    steps: z.number().int().min(1).max(1000),
    intervalMs: z.number().int().min(0).max(60_000).optional(),
  }),
  run: async ({ steps, intervalMs = 0 }, context) => {
    const progressToken = context.extra._meta?.progressToken;
    for (let step = 1; step <= steps; step++) {
      if (intervalMs > 0) await cancellableWait(intervalMs, context);
      if (progressToken === undefined) continue;
      await context.extra.sendNotification({
        method: "notifications/progress",
        params: { progressToken, progress: step, total: steps, message: `step ${step} of ${steps}` },
      });
    }
    // The SDK client handles a response at once but a notification one microtask later, so a progress
    // notification read in the same chunk as the result is dropped; the final pause keeps them apart.
    if (intervalMs > 0) await cancellableWait(intervalMs, context);
    return text(`${steps} steps done`);
  },
});

const toggleExtra = defineTool({
  name: "toggle_extra",
  description:
    "Adds the tool `extra` if absent, removes it if present; sends notifications/tools/list_changed.",
  input: z.object({}),
  run: async (_args, { state }) => {
    state.extraEnabled = !state.extraEnabled;
    await state.broadcastToolListChanged();
    return text(state.extraEnabled ? "extra added" : "extra removed");
  },
});

const stats = defineTool({
  name: "stats",
  description: "Answers with this fixture's counters (calls by tool, cancelled calls, sessions).",
  input: z.object({}),
  run: (_args, { state }) => {
    const snapshot = state.snapshot();
    return { ...text(JSON.stringify(snapshot)), structuredContent: { ...snapshot } };
  },
});

const extra = defineTool({
  name: "extra",
  description: "Exists only between two toggle_extra calls.",
  input: z.object({}),
  run: () => text("extra"),
});

function filler(index: number): FixtureTool {
  const name = `filler_${String(index).padStart(3, "0")}`;
  return defineTool({
    name,
    description: `Filler tool number ${index}; answers with its own name.`,
    input: z.object({}),
    run: () => text(name),
  });
}

const coreTools = [echo, add, slow, neverAnswer, fail, throwTool, crash, big, progress, toggleExtra, stats];

// Built once: every tools/list of a 500-filler fixture would otherwise rebuild 500 JSON schemas.
const fillerTools: FixtureTool[] = [];

/** The tools one fixture process offers, in a stable order: the core set, `extra` when on, then fillers. */
export function fixtureTools(options: FixtureOptions, state: FixtureState): FixtureTool[] {
  const count = options.tools ?? 0;
  while (fillerTools.length < count) fillerTools.push(filler(fillerTools.length + 1));
  return [...coreTools, ...(state.extraEnabled ? [extra] : []), ...fillerTools.slice(0, count)];
}

import type { ToolInfo } from "@mcpstore/store";
import { CliError, EXIT } from "../errors.js";
import { type GlobalOptions, parseMs } from "../globals.js";
import type { Output } from "../output.js";
import { resultText } from "../render.js";
import { settle, withSession } from "../session.js";
import { parseArgsJson, parseKeyValues, validateArgs } from "../tool-args.js";

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY)
    throw new CliError("USAGE", "--args - reads the arguments from stdin, but stdin is a terminal");
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** The tool the store would call for `name`, if exactly one matches (the store decides; this only finds the schema). */
function findTool(tools: readonly ToolInfo[], name: string): ToolInfo | undefined {
  const exact = tools.find((t) => t.name === name);
  if (exact) return exact;
  const byOriginal = tools.filter((t) => t.originalName === name);
  return byOriginal.length === 1 ? byOriginal[0] : undefined;
}

export async function call(
  out: Output,
  g: GlobalOptions,
  name: string,
  pairs: string[],
  o: { args?: string; timeout?: string },
): Promise<number> {
  if (o.args !== undefined && pairs.length) {
    throw new CliError(
      "USAGE",
      "give the arguments either as --args '<json>' or as key=value pairs, not both",
    );
  }
  const timeoutMs = parseMs(o.timeout);
  // Malformed JSON is reported before any server is started.
  const fromJson =
    o.args === undefined
      ? undefined
      : parseArgsJson(
          o.args === "-" ? await readStdin() : o.args,
          o.args === "-" ? "the JSON on stdin" : "--args",
        );
  return withSession(g, out, async (session) => {
    // A catalog known from storage names the service to wait for; otherwise every service is waited for.
    const services = await session.ctx.listServices();
    const known = findTool(await session.ctx.listTools(), name);
    await settle(session, out, known ? services.filter((s) => s.name === known.service) : services);
    const tool = findTool(await session.ctx.listTools(), name);
    const args = fromJson ?? parseKeyValues(pairs, tool?.inputSchema);
    if (tool) await validateArgs(tool.name, tool.inputSchema, args);
    const result = await out.spin(`Calling ${tool?.name ?? name}`, () =>
      session.ctx.useTool(name, args, timeoutMs === undefined ? {} : { timeoutMs }),
    );
    const failed = result.isError === true;
    if (out.json) out.data(result);
    else {
      const text = resultText(result);
      if (failed) out.error(`${tool?.name ?? name} returned an error${text ? `: ${text.trimEnd()}` : ""}`);
      else if (text) out.text(text);
    }
    return failed ? EXIT.failed : EXIT.ok;
  });
}

import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import {
  type CallToolResult,
  ErrorCode,
  McpError,
  type ServerNotification,
  type ServerRequest,
  type Tool,
} from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import type { FixtureState } from "./state.js";

/** What a tool's body may use besides its arguments. */
export interface ToolContext {
  extra: RequestHandlerExtra<ServerRequest, ServerNotification>;
  state: FixtureState;
  /** Ends this fixture the way the transport dies: the stdio process exits, an HTTP session is dropped. */
  crash(code: number): void;
}

export interface FixtureTool {
  definition: Tool;
  call(args: unknown, context: ToolContext): Promise<CallToolResult>;
}

type ObjectSchema = z.ZodObject<z.ZodRawShape>;

/** A tool whose arguments are checked by a zod schema; bad arguments are a protocol error (InvalidParams). */
export function defineTool<Input extends ObjectSchema>(spec: {
  name: string;
  description: string;
  input: Input;
  output?: ObjectSchema;
  run(args: z.output<Input>, context: ToolContext): CallToolResult | Promise<CallToolResult>;
}): FixtureTool {
  const definition: Tool = {
    name: spec.name,
    description: spec.description,
    inputSchema: jsonSchema(spec.input),
    ...(spec.output ? { outputSchema: jsonSchema(spec.output) } : {}),
  };
  return {
    definition,
    async call(args, context) {
      const parsed = spec.input.safeParse(args ?? {});
      if (!parsed.success) {
        throw new McpError(
          ErrorCode.InvalidParams,
          `Invalid arguments for tool ${spec.name}: ${z.prettifyError(parsed.error)}`,
        );
      }
      return spec.run(parsed.data, context);
    },
  };
}

function jsonSchema(schema: ObjectSchema): Tool["inputSchema"] {
  // draft-7 without `$schema`: what the SDK itself publishes, and what every client's validator accepts.
  const { $schema: _ignored, ...rest }: Record<string, unknown> = z.toJSONSchema(schema, {
    target: "draft-7",
    io: "input",
  });
  return { ...rest, type: "object" };
}

export function text(value: string): CallToolResult {
  return { content: [{ type: "text", text: value }] };
}

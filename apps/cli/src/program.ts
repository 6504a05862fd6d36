import { Command, Option } from "commander";
import type { Client } from "./client-configs.js";
import type { AddOptions } from "./commands/add.js";
import { EXIT_CODES_HELP } from "./errors.js";
import type { GlobalOptions } from "./globals.js";
import type { CommandResult } from "./main.js";
import type { Output } from "./output.js";
import { VERSION } from "./version.js";

/** Runs a command body with the merged global options; provided by main (error mapping lives there). */
export type Dispatch = (globals: GlobalOptions, command: (out: Output) => CommandResult) => Promise<void>;

const collect = (value: string, previous: string[]): string[] => [...previous, value];

const ENV_HELP = `Environment:
  MCPSTORE_CONFIG     the mcp.json registry file (default ~/.mcpstore/mcp.json)
  MCPSTORE_REDIS_URL  keep the registry in Redis instead (like --redis)
  NO_COLOR            no colour (colour is also off when the output is not a terminal)`;

/**
 * The command tree. Each action imports its command module only when it runs, so `--help` loads
 * neither the store, nor the MCP SDK, nor ioredis. (`serve` and `hub` join this tree with the HTTP
 * app and the hub.)
 */
export function buildProgram(dispatch: Dispatch): Command {
  const program = new Command("mcpstore")
    .description(
      "Manage MCP servers from a shell: add them, list and call their tools, share them through Redis.",
    )
    .version(VERSION, "-V, --version", "print the version")
    .option(
      "--config <file>",
      "the mcp.json registry file (default ~/.mcpstore/mcp.json, env MCPSTORE_CONFIG)",
    )
    .option(
      "--redis <url>",
      "keep the registry in Redis: redis://[:password@]host:port/db (env MCPSTORE_REDIS_URL)",
    )
    .option("--sentinel <host:port,...>", "keep the registry in Redis through these Sentinels")
    .option("--sentinel-name <name>", "the master name the Sentinels monitor")
    .option("--cluster <host:port,...>", "keep the registry in a Redis Cluster (seed nodes)")
    .option("--namespace <name>", "Redis namespace (default: default)")
    .option("--dataspace <name>", 'Redis dataspace (default: default; "auto" keeps nothing)')
    .option("--agent <id>", "act as this agent: only its services are seen and added")
    .option("--json", "print exactly one JSON document on stdout")
    .option("--debug", "log storage and connection details on stderr; stack traces on errors")
    .exitOverride()
    .showSuggestionAfterError(true)
    .addHelpText("after", `\n${EXIT_CODES_HELP}\n\n${ENV_HELP}`);

  /** Declares a subcommand whose body is loaded on demand. */
  const command = (spec: string, description: string) =>
    program.command(spec).description(description).exitOverride();
  const act =
    <A extends unknown[]>(body: (out: Output, globals: GlobalOptions, ...args: A) => CommandResult) =>
    (...args: unknown[]) => {
      const cmd = args.at(-1) as Command;
      const globals = cmd.optsWithGlobals() as GlobalOptions;
      return dispatch(globals, (out) => body(out, globals, ...(args.slice(0, -1) as A)));
    };

  command(
    "add <name> [command...]",
    "register a server: --url <url> for a remote one, or -- <command> [args...]",
  )
    .option("--url <url>", "a remote server's URL")
    .addOption(
      new Option(
        "--transport <kind>",
        "remote transport (default: streamable HTTP, falling back to SSE)",
      ).choices(["streamable-http", "sse"]),
    )
    .option("--header <K=V>", "an HTTP header for a remote server (repeatable)", collect, [])
    .option("--env <K=V>", "an environment variable for a local server (repeatable)", collect, [])
    .option("--cwd <dir>", "working directory of a local server")
    .option("--force", "replace a service of that name that has a different definition")
    .option("--no-wait", "return once registered, without waiting for the first connection")
    .option("--timeout <ms>", "how long to wait for the server to become healthy", "30000")
    .addHelpText(
      "after",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: ${TOKEN} is for the store's env interpolation
      "\nExamples:\n  mcpstore add howtocook -- npx -y howtocook-mcp\n  mcpstore add weather --url https://example.com/mcp --header 'Authorization=Bearer ${TOKEN}'",
    )
    .action(
      act(async (out, g, name: string, argv: string[], o: AddOptions) =>
        (await import("./commands/add.js")).add(out, g, name, argv, o),
      ),
    );

  command("import [file]", "register every server of an mcp.json (Claude Desktop, Cursor or VS Code shape)")
    .addOption(
      new Option("--from <client>", "read it from that client's usual location").choices([
        "claude",
        "cursor",
        "vscode",
      ]),
    )
    .option("--force", "replace services of the same name that have a different definition")
    .action(
      act(async (out, g, file: string | undefined, o: { from?: Client; force?: boolean }) =>
        (await import("./commands/import.js")).importCmd(out, g, file, o),
      ),
    );

  command("list", "list the services with their state").action(
    act(async (out, g) => (await import("./commands/list.js")).list(out, g)),
  );

  command(
    "info <service>",
    "show one service: config (secrets redacted), state, tools, recent stderr",
  ).action(
    act(async (out, g, service: string) => (await import("./commands/info.js")).info(out, g, service)),
  );

  command("tools [service]", "list the tools (of every service, or of one)")
    .option("--schema", "also print each tool's input schema")
    .action(
      act(async (out, g, service: string | undefined, o: { schema?: boolean }) =>
        (await import("./commands/tools.js")).tools(out, g, service, o),
      ),
    );

  command(
    "call <tool> [key=value...]",
    "call a tool by its qualified name (service__tool) or its own name when unique",
  )
    .option("--args <json>", "the arguments as a JSON object, or - to read them from stdin")
    .option("--timeout <ms>", "give up (and cancel the call) after this long")
    .addHelpText(
      "after",
      "\nkey=value pairs are typed by the tool's input schema (numbers, booleans; arrays and objects as JSON).\n" +
        'Examples:\n  mcpstore call echo text=hello\n  mcpstore call fixture__add --args \'{"a": 1, "b": 2}\'\n  echo \'{"text":"hi"}\' | mcpstore call echo --args -',
    )
    .action(
      act(async (out, g, tool: string, pairs: string[], o: { args?: string; timeout?: string }) =>
        (await import("./commands/call.js")).call(out, g, tool, pairs, o),
      ),
    );

  command("resources [service]", "list the resources and resource templates").action(
    act(async (out, g, service: string | undefined) =>
      (await import("./commands/catalog.js")).resources(out, g, service),
    ),
  );
  command("read <uri>", "read a resource")
    .option("--service <name>", "ask this service (when several offer the URI)")
    .action(
      act(async (out, g, uri: string, o: { service?: string }) =>
        (await import("./commands/catalog.js")).read(out, g, uri, o),
      ),
    );
  command("prompts [service]", "list the prompts").action(
    act(async (out, g, service: string | undefined) =>
      (await import("./commands/catalog.js")).prompts(out, g, service),
    ),
  );
  command("prompt <name> [key=value...]", "get a prompt with its arguments").action(
    act(async (out, g, name: string, pairs: string[]) =>
      (await import("./commands/catalog.js")).prompt(out, g, name, pairs),
    ),
  );

  command("remove <service>", "unregister a service").action(
    act(async (out, g, service: string) => (await import("./commands/manage.js")).remove(out, g, service)),
  );
  command("restart <service>", "reconnect a service (in every process sharing the registry)")
    .option("--timeout <ms>", "how long to wait for it to become healthy again", "30000")
    .action(
      act(async (out, g, service: string, o: { timeout: string }) =>
        (await import("./commands/manage.js")).restart(out, g, service, o),
      ),
    );
  command("wait <service>", "wait until a service is healthy (exit 3 on timeout)")
    .option("--timeout <ms>", "how long to wait", "30000")
    .action(
      act(async (out, g, service: string, o: { timeout: string }) =>
        (await import("./commands/manage.js")).wait(out, g, service, o),
      ),
    );

  command(
    "stats [service]",
    "calls, errors and latency per tool (--json: every tool, also uncalled ones)",
  ).action(
    act(async (out, g, service: string | undefined) =>
      (await import("./commands/stats.js")).stats(out, g, service),
    ),
  );
  command("doctor", "check Node, the config file, storage and every service").action(
    act(async (out, g) => (await import("./commands/doctor.js")).doctor(out, g)),
  );
  command("completion <shell>", "print a completion script for bash, zsh or fish").action(
    act(async (out, _g, shell: string) =>
      (await import("./commands/completion.js")).completion(out, program, shell),
    ),
  );

  return program;
}

import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { type Client, findClientConfig } from "../client-configs.js";
import { CliError, EXIT } from "../errors.js";
import type { GlobalOptions } from "../globals.js";
import type { Output } from "../output.js";
import { explainBadConfig, withSession } from "../session.js";
import { waitHealthy } from "./add.js";

export async function importCmd(
  out: Output,
  g: GlobalOptions,
  file: string | undefined,
  o: { from?: Client; force?: boolean },
): Promise<number> {
  if (file && o.from) throw new CliError("USAGE", "give either a file or --from <client>, not both");
  let path: string;
  if (o.from) {
    const { found, looked } = findClientConfig(o.from);
    if (!found)
      throw new CliError("CONFIG_MISSING", `no ${o.from} MCP config found (looked in ${looked.join(", ")})`);
    path = found;
  } else if (file) {
    path = resolve(file);
    if (!existsSync(path)) throw new CliError("CONFIG_MISSING", `file ${path} does not exist`);
  } else {
    throw new CliError("USAGE", "give the mcp.json to import, or --from claude|cursor|vscode");
  }
  const { readMcpJson } = await import("@mcpstore/store");
  const doc = await readMcpJson(path).catch((error: unknown) => explainBadConfig(path, error));
  const names = Object.keys(doc.servers);
  if (!names.length)
    throw new CliError("CONFIG_EMPTY", `${path} has no servers under "${doc.serversKey}"`, EXIT.failed);
  return withSession(
    g,
    out,
    async (session) => {
      await session.ctx
        .addService({ [doc.serversKey]: doc.servers }, { ifExists: o.force ? "replace" : "error" })
        .catch((error: unknown) => {
          if ((error as { code?: unknown }).code === "SERVICE_EXISTS") {
            throw new CliError(
              "SERVICE_EXISTS",
              `${(error as Error).message} Nothing was imported; use --force to replace it.`,
              EXIT.failed,
            );
          }
          throw error;
        });
      const code = await waitHealthy(session, out, names, 30_000);
      const services = (await session.ctx.listServices()).filter((s) => names.includes(s.name));
      if (out.json) out.data(services);
      else {
        out.line(`Imported ${names.length} service${names.length === 1 ? "" : "s"} from ${path}`);
        out.table(
          ["NAME", "TYPE", "STATE", "TOOLS"],
          services.map((s) => [s.name, s.type, out.state(s.state), s.toolCount]),
        );
      }
      return code;
    },
    { creates: true },
  );
}

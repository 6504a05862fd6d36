import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { compare, type Row } from "../measure.js";

// `mcpstore --version` and `--help` as whole processes, against `node -e 0` measured interleaved in the
// same run (so machine load hits both). Design target: --version ≤ 2× a bare node start.
const bin = fileURLToPath(new URL("../../../apps/cli/dist/bin.js", import.meta.url));

function spawnOk(args: string[]): () => void {
  return () => {
    const r = spawnSync(process.execPath, args, { stdio: "ignore" });
    if (r.status !== 0) throw new Error(`node ${args.join(" ")} exited ${r.status}`);
  };
}

export async function run(): Promise<Row[]> {
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run \`pnpm --filter @mcpstore/cli build\``);
  const node = { label: "node -e 0", run: spawnOk(["-e", "0"]) };
  return [
    await compare({
      name: "cli: mcpstore --version (process)",
      baseline: node,
      candidate: { label: "mcpstore --version", run: spawnOk([bin, "--version"]) },
      samples: 30,
      warmup: 3,
      target: 2,
    }),
    await compare({
      name: "cli: mcpstore --help (process)",
      baseline: node,
      candidate: { label: "mcpstore --help", run: spawnOk([bin, "--help"]) },
      samples: 30,
      warmup: 3,
    }),
  ];
}

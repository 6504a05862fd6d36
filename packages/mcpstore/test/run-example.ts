import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const examplesRoot = fileURLToPath(new URL("../../../examples/", import.meta.url));

export interface ExampleRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs one example script the way its README says (`tsx src/<file>` from the example's package, so
 * `npx -y howtocook-mcp` resolves from that package's own node_modules), against the packages' sources
 * (`tsconfig.source.json`) so a test never runs yesterday's build.
 */
export function runExample(
  file: string,
  env: Record<string, string>,
  options: { dir?: "guide" | "quickstart"; timeoutMs?: number } = {},
): Promise<ExampleRun> {
  const { dir = "guide", timeoutMs = 120_000 } = options;
  const cwd = `${examplesRoot}${dir}/`;
  const tsx = `${cwd}node_modules/tsx/dist/cli.mjs`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [tsx, "--tsconfig", "tsconfig.source.json", `src/${file}`], {
      cwd,
      env: { ...process.env, EXAMPLE_DEBUG: "0", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => {
      stdout += c;
    });
    child.stderr.setEncoding("utf8").on("data", (c: string) => {
      stderr += c;
    });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`example ${dir}/${file} did not finish within ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

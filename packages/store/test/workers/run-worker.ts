import { type ChildProcess, fork } from "node:child_process";
import { createRequire } from "node:module";
import { createInterface } from "node:readline";
import { fileURLToPath, pathToFileURL } from "node:url";

const tsconfig = fileURLToPath(new URL("../tsconfig.workers.json", import.meta.url));
// tsx's loader, resolved from this package (a dev dependency), as a URL `--import` accepts from any cwd.
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

export interface Worker {
  readonly child: ChildProcess;
  /** Resolves with the first stdout line that parses as JSON and satisfies `match`. */
  message<T>(match: (m: Record<string, unknown>) => boolean): Promise<T>;
  /** Resolves with the exit code. */
  readonly exited: Promise<number | null>;
  stderr(): string;
}

/**
 * Runs a worker script (TypeScript, importing the packages' sources) in its own OS process. Workers
 * talk back with one JSON object per stdout line.
 */
export function runWorker(script: string, args: string[], env: NodeJS.ProcessEnv = {}): Worker {
  const child = fork(fileURLToPath(new URL(script, import.meta.url)), args, {
    execArgv: ["--import", tsxLoader],
    env: { ...process.env, TSX_TSCONFIG_PATH: tsconfig, ...env },
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  const messages: Record<string, unknown>[] = [];
  const waiters: { match: (m: Record<string, unknown>) => boolean; resolve: (m: unknown) => void }[] = [];
  let err = "";
  child.stderr?.setEncoding("utf8").on("data", (c: string) => {
    err = (err + c).slice(-20_000);
  });
  createInterface({ input: child.stdout! }).on("line", (line) => {
    let m: Record<string, unknown>;
    try {
      m = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return;
    }
    messages.push(m);
    for (const w of [...waiters]) {
      if (w.match(m)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    child,
    exited,
    stderr: () => err,
    message: <T>(match: (m: Record<string, unknown>) => boolean) => {
      const seen = messages.find(match);
      if (seen) return Promise.resolve(seen as T);
      return new Promise<T>((resolve, reject) => {
        waiters.push({ match, resolve: resolve as (m: unknown) => void });
        void exited.then((code) =>
          reject(new Error(`worker exited (${code}) before the message; stderr: ${err}`)),
        );
      });
    },
  };
}

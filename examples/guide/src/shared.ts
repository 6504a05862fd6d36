// Helpers shared by the examples: where Redis is, and a few lines of output.
import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import type { MCPStore } from "mcpstore";

/** The guide's default URL; the tests point the examples at their own Redis through REDIS_URL. */
export const REDIS_URL = process.env.REDIS_URL ?? "redis://localhost:6379/0";

/**
 * `host:port,host:port` from a required variable (REDIS_SENTINELS, REDIS_CLUSTER) → `[{ host, port }]`.
 * Unset or malformed, the example says which variable to set, with an example, and exits 1 — no stack.
 */
export function nodesFromEnv(name: string, example: string): { host: string; port: number }[] {
  const value = process.env[name]?.trim();
  if (!value) exitWith(`Set ${name} to run this example, e.g.\n  ${example}`);
  return value.split(",").map((pair) => {
    const [host, port] = pair.trim().split(":");
    if (!host || !port || !Number.isInteger(Number(port))) {
      exitWith(`${name}: "${pair.trim()}" is not host:port. Example:\n  ${example}`);
    }
    return { host, port: Number(port) };
  });
}

/** Prints `message` on stderr and exits 1: for a missing setting, where a stack trace would only confuse. */
export function exitWith(message: string): never {
  console.error(message);
  process.exit(1);
}

/** Prints this store's Redis keys: the guide's layout `{namespace}:{dataspace}:services:…` etc. */
export async function printKeys(store: MCPStore): Promise<string[]> {
  // States, catalogs and call stats are written off the call path; write them now to show them.
  await store.flush();
  const keys = (await store.storage.scanPrefix(`${store.namespace}:${store.dataspace}:`)).sort();
  const clusterKeys = (await store.storage.scanPrefix(`{${store.namespace}:${store.dataspace}}:`)).sort();
  const all = [...keys, ...clusterKeys];
  console.log(`Redis 键 (keys): ${all.length}`);
  for (const key of all) console.log(`  ${key}`);
  return all;
}

/** One line of a tool result, shortened (howtocook returns every recipe). */
export function preview(result: unknown, max = 300): string {
  const text = JSON.stringify(result);
  return text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/**
 * Starts `@modelcontextprotocol/server-everything` in streamable-HTTP mode on a free loopback port: the
 * stand-in for the guide's public weather service (https://mcpstore.wiki/mcp).
 */
export async function startEverythingServer(): Promise<{ url: string; stop(): Promise<void> }> {
  const require = createRequire(import.meta.url);
  const entry = require.resolve("@modelcontextprotocol/server-everything/dist/index.js");
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [entry, "streamableHttp"], {
    env: { ...process.env, PORT: String(port) },
    stdio: ["ignore", "ignore", "pipe"],
  });
  await new Promise<void>((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`server-everything did not start: ${output}`)), 30_000);
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
      output += chunk;
      if (output.includes("listening on port")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server-everything exited with ${code}: ${output}`));
    });
  });
  child.stderr?.resume();
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { RUN_ROOT_ENV, reapStaleRunRoots, waitFor } from "../src/index.js";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const serveScript = fileURLToPath(new URL("../src/redis/serve-topologies.ts", import.meta.url));

interface Served {
  child: ChildProcess;
  root: string;
  pids: number[];
}

/** Each child gets its own TMPDIR, so the reaper a test runs sees that child's run root and no other. */
const privateTmps: string[] = [];
function privateTmp(): string {
  const dir = mkdtempSync(join(tmpdir(), "mcpstore-teardown-test-"));
  privateTmps.push(dir);
  return dir;
}
afterAll(async () => {
  // Whatever a failed test left behind.
  for (const dir of privateTmps) {
    await reapStaleRunRoots(dir);
    rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * Starts a standalone server and a sentinel topology in a separate process that owns its own run root
 * (under `tmp`).
 */
async function serveInChild(tmp: string, env: Record<string, string>): Promise<Served> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env, TMPDIR: tmp };
  delete childEnv[RUN_ROOT_ENV];
  const child = spawn(process.execPath, ["--import", "tsx", serveScript, "standalone", "sentinel"], {
    cwd: packageDir,
    env: childEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const line = await waitFor(
    () => {
      if (child.exitCode !== null) throw new Error(`child exited early: ${stderr}`);
      return stdout.includes("\n") && stdout.slice(0, stdout.indexOf("\n"));
    },
    { timeoutMs: 60_000, intervalMs: 50, description: "child prints its topologies" },
  );
  const { root, pids } = JSON.parse(line) as { root: string; pids: number[] };
  expect(root.startsWith(tmp)).toBe(true);
  return { child, root, pids };
}

/** True while /proc has an entry for the pid, zombies included: gone means gone and collected. */
function exists(pid: number): boolean {
  return existsSync(`/proc/${pid}`);
}

function isRedis(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function killHard(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGKILL");
  await exited;
}

describe.concurrent("no redis process outlives its owner", () => {
  it("the start-up reaper kills the servers (sentinels too) of a run whose owner was SIGKILLed", async () => {
    const tmp = privateTmp();
    const served = await serveInChild(tmp, { MCPSTORE_TEST_REDIS_WATCHDOG: "0" });
    expect(served.pids).toHaveLength(6);
    expect(served.pids.every(isRedis)).toBe(true);

    await killHard(served.child);
    // No exit handler ran: the servers are orphans now, still serving.
    expect(served.pids.every(isRedis)).toBe(true);
    expect(existsSync(served.root)).toBe(true);

    const reaped = await reapStaleRunRoots(tmp);
    expect(reaped.roots).toEqual([served.root]);
    expect(reaped.killed).toEqual(expect.arrayContaining(served.pids));
    await waitFor(() => !served.pids.some(exists), { timeoutMs: 15_000, description: "reaped pids gone" });
    expect(existsSync(served.root)).toBe(false);
  }, 90_000);

  it("the watchdog cleans up by itself when the owner is SIGKILLed", async () => {
    const served = await serveInChild(privateTmp(), {});
    expect(served.pids.every(isRedis)).toBe(true);
    await killHard(served.child);
    await waitFor(() => !served.pids.some(exists) && !existsSync(served.root), {
      timeoutMs: 30_000,
      description: "the watchdog killed the servers and removed the run root",
    });
  }, 90_000);

  it("the exit handler cleans up when the owner gets SIGTERM", async () => {
    const served = await serveInChild(privateTmp(), { MCPSTORE_TEST_REDIS_WATCHDOG: "0" });
    const exited = new Promise((resolve) => served.child.once("exit", resolve));
    served.child.kill("SIGTERM");
    await exited;
    await waitFor(() => !served.pids.some(exists) && !existsSync(served.root), {
      timeoutMs: 15_000,
      description: "servers gone and run root removed",
    });
  }, 90_000);
});

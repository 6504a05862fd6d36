import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { afterEach, describe, expect, it } from "vitest";
import { type FixtureOptions, fixtureStdioConfig } from "../src/index.js";

/**
 * The fixture's stdio wire as bytes, without the SDK client in between: what exactly it writes to stdout
 * and stderr, and how it exits. (The SDK client would hide garbage lines and can drop progress
 * notifications that arrive in the same read as their result.)
 */
interface RawFixture {
  child: ChildProcess;
  stdout: string[];
  stderr: () => string;
  exited: Promise<[number | null, NodeJS.Signals | null]>;
  send(message: object): void;
  waitForLine(predicate: (line: string) => boolean, what: string): Promise<number>;
}

const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

function spawnFixture(options: FixtureOptions = {}): RawFixture {
  const { command, args } = fixtureStdioConfig(options);
  const child = spawn(command, args, { stdio: ["pipe", "pipe", "pipe"] });
  children.push(child);
  const stdout: string[] = [];
  let stderr = "";
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => stdout.push(line));
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const exited = once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
  return {
    child,
    stdout,
    stderr: () => stderr,
    exited,
    send: (message) => child.stdin?.write(`${JSON.stringify({ jsonrpc: "2.0", ...message })}\n`),
    async waitForLine(predicate, what) {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const index = stdout.findIndex(predicate);
        if (index >= 0) return index;
        if (Date.now() > deadline)
          throw new Error(`no stdout line with ${what}; got ${JSON.stringify(stdout)}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
  };
}

const parse = (line: string): Record<string, unknown> | undefined => {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
};
const hasId = (id: number) => (line: string) => parse(line)?.id === id;

async function initialize(fixture: RawFixture): Promise<void> {
  fixture.send({
    id: 1,
    method: "initialize",
    params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
  });
  await fixture.waitForLine(hasId(1), "the initialize result");
  fixture.send({ method: "notifications/initialized" });
}

describe("fixture server's stdio wire", { timeout: 30_000 }, () => {
  it("sends progress notifications for the request's token before the result, and none without a token", async () => {
    const fixture = spawnFixture();
    await initialize(fixture);
    fixture.send({
      id: 2,
      method: "tools/call",
      params: { name: "progress", arguments: { steps: 3 }, _meta: { progressToken: "tok" } },
    });
    const resultAt = await fixture.waitForLine(hasId(2), "the progress result");
    const progress = fixture.stdout
      .slice(0, resultAt)
      .map(parse)
      .filter((message) => message?.method === "notifications/progress")
      .map((message) => message?.params);
    expect(progress).toEqual(
      [1, 2, 3].map((step) => expect.objectContaining({ progressToken: "tok", progress: step, total: 3 })),
    );

    const before = fixture.stdout.length;
    fixture.send({ id: 3, method: "tools/call", params: { name: "progress", arguments: { steps: 3 } } });
    const secondAt = await fixture.waitForLine(hasId(3), "the second progress result");
    expect(fixture.stdout.slice(before, secondAt)).toEqual([]);
  });

  it("stdout-garbage writes a non-JSON line before initialising and another after initialized", async () => {
    const fixture = spawnFixture({ stdoutGarbage: true });
    await fixture.waitForLine(() => true, "any output");
    expect(parse(fixture.stdout[0] ?? "")).toBeUndefined();
    await initialize(fixture);
    const initAt = fixture.stdout.findIndex(hasId(1));
    await fixture.waitForLine(
      (line) => fixture.stdout.indexOf(line) > initAt && parse(line) === undefined,
      "garbage",
    );
  });

  it("stderr-noise writes to stderr at start and on every call", async () => {
    const fixture = spawnFixture({ stderrNoise: true });
    await initialize(fixture);
    expect(fixture.stderr()).toContain("fixture: starting");
    fixture.send({ id: 2, method: "tools/call", params: { name: "echo", arguments: { text: "x" } } });
    await fixture.waitForLine(hasId(2), "the echo result");
    expect(fixture.stderr()).toContain("fixture: call echo");
  });

  it("exit-on-start exits with code 1 and a message on stderr, before writing anything to stdout", async () => {
    const fixture = spawnFixture({ exitOnStart: true });
    expect(await fixture.exited).toEqual([1, null]);
    expect(fixture.stderr()).toContain("exit-on-start");
    expect(fixture.stdout).toEqual([]);
  });

  it("crash exits the process with the given code", async () => {
    const fixture = spawnFixture();
    await initialize(fixture);
    fixture.send({ id: 2, method: "tools/call", params: { name: "crash", arguments: { code: 7 } } });
    expect(await fixture.exited).toEqual([7, null]);
    expect(fixture.stdout.some(hasId(2))).toBe(false);
  });

  it("exits when the client closes stdin, even with a call in flight", async () => {
    const fixture = spawnFixture();
    await initialize(fixture);
    fixture.send({ id: 2, method: "tools/call", params: { name: "slow", arguments: { ms: 600_000 } } });
    fixture.child.stdin?.end();
    expect(await fixture.exited).toEqual([0, null]);
  });
});

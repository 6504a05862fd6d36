import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  parseServiceDefinitions,
  ServiceConnectError,
  ServiceConnection,
  type ServiceDefinition,
  type StdioServiceDefinition,
} from "@mcpstore/mcp-client";
import { type FixtureHttpServer, fixtureStdioConfig, startFixtureHttpServer } from "@mcpstore/test-harness";
import { afterEach, describe, expect, it } from "vitest";
import { fastOptions } from "./support/options.js";
import { recordTransitions } from "./support/record.js";

const open: ServiceConnection[] = [];
const servers: FixtureHttpServer[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function connect(def: ServiceDefinition, options = fastOptions()): ServiceConnection {
  const c = new ServiceConnection(def, options);
  open.push(c);
  return c;
}

function stdio(config: Record<string, unknown>, name = "svc"): StdioServiceDefinition {
  return parseServiceDefinitions({ mcpServers: { [name]: config } })[0] as StdioServiceDefinition;
}

/** Runs `promise` to its rejection and says how long that took. */
async function rejection(promise: Promise<unknown>): Promise<{ error: Error; ms: number }> {
  const started = performance.now();
  const error = await promise.then(
    () => new Error("resolved, but a rejection was expected"),
    (e: unknown) => e as Error,
  );
  return { error, ms: performance.now() - started };
}

describe("failures retrying cannot fix: unreachable at once, waiters told at once", () => {
  it("a command that does not exist: waitFor rejects at once with the command and 'not found'", async () => {
    const c = connect(stdio({ command: "mcpstore-no-such-command", args: ["--x"] }));
    void c.start();
    const { error, ms } = await rejection(c.waitFor("healthy", 30_000));
    expect(ms).toBeLessThan(2_000);
    expect(error).toBeInstanceOf(ServiceConnectError);
    expect(error).toMatchObject({ reason: "command-not-found", retryable: false });
    expect(error.message).toMatch(/command not found: mcpstore-no-such-command --x/);
    expect(c.state).toBe("unreachable");
    expect(c.info().lastError).toMatchObject({ retryable: false });
  });

  it("a file that is not executable: straight to unreachable, saying so", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mcpstore-eacces-"));
    const file = join(dir, "server.sh");
    writeFileSync(file, "#!/bin/sh\nexit 0\n");
    chmodSync(file, 0o644);
    const c = connect(stdio({ command: file }));
    const seen = recordTransitions(c);
    await c.start();
    expect(seen.list).toEqual(["initializing→unreachable"]);
    expect(c.lastError).toMatchObject({ reason: "spawn-failed", retryable: false });
    expect(c.lastError!.message).toMatch(/EACCES.*not executable/);
    await expect(c.waitFor("healthy")).rejects.toBe(c.lastError);
  });

  it("HTTP 404: no MCP endpoint at that URL, waitFor rejects at once", async () => {
    const s = await startFixtureHttpServer({ status: 404 });
    servers.push(s);
    const c = connect(parseServiceDefinitions({ mcpServers: { remote: { url: s.mcpUrl } } })[0]!);
    void c.start();
    const { error, ms } = await rejection(c.waitFor("healthy", 30_000));
    expect(ms).toBeLessThan(2_000);
    expect(error).toMatchObject({ reason: "http-status", httpStatus: 404, retryable: false });
    expect(error.message).toMatch(/HTTP 404: no MCP endpoint at this URL/);
  });

  it("HTTP 401: waitFor rejects at once with the auth error", async () => {
    const s = await startFixtureHttpServer({ token: "right-token" });
    servers.push(s);
    const c = connect(parseServiceDefinitions({ mcpServers: { remote: { url: s.mcpUrl } } })[0]!);
    void c.start();
    const { error, ms } = await rejection(c.waitFor("healthy", 30_000));
    expect(ms).toBeLessThan(2_000);
    expect(error).toMatchObject({ code: "AUTH_FAILED", httpStatus: 401, retryable: false });
  });

  it("a failure retrying may fix (500) still gets its fast retries", async () => {
    const s = await startFixtureHttpServer({ status: 500 });
    servers.push(s);
    const c = connect(parseServiceDefinitions({ mcpServers: { remote: { url: s.mcpUrl } } })[0]!);
    const seen = recordTransitions(c);
    await c.start();
    await c.waitFor("unreachable");
    expect(seen.list).toEqual(["initializing→reconnecting", "reconnecting→unreachable"]);
    expect(c.lastError).toMatchObject({ retryable: true });
  });
});

describe("crash loops reach unreachable within a few seconds", () => {
  it("a process that exits before the handshake, with the default backoff", async () => {
    // A tiny process, so the time measured is the retry policy's, not Node's start-up on a loaded machine;
    // jitter pinned near its ceiling, so the bound holds for every draw.
    const def = stdio({ command: "sh", args: ["-c", "echo boom >&2; exit 1"] });
    const c = connect(def, { healthcheckIntervalMs: 0, random: () => 0.99 });
    const started = performance.now();
    void c.start();
    await c.waitFor("unreachable", 15_000);
    const ms = performance.now() - started;
    expect(ms).toBeLessThan(5_000);
    expect(c.lastError).toMatchObject({ reason: "exited", retryable: true });
    expect(c.lastError!.message).toMatch(/exited with code 1[\s\S]*boom/);
  }, 20_000);

  it("a process that crashes right after every handshake", async () => {
    const c = connect(stdio(fixtureStdioConfig()));
    const seen = recordTransitions(c);
    await c.start();
    for (let crash = 1; crash <= 3; crash++) {
      await c.waitFor("healthy");
      await c.callTool("crash", { code: 3 }).catch(() => {});
    }
    await c.waitFor("unreachable", 10_000);
    expect(seen.list).toEqual([
      "initializing→healthy",
      "healthy→reconnecting",
      "reconnecting→healthy",
      "healthy→reconnecting",
      "reconnecting→healthy",
      "healthy→unreachable",
    ]);
    expect(c.lastError!.message).toMatch(/exited with code 3/);
  }, 30_000);
});

// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} placeholders are part of what is tested
import {
  ConnectionClosedError,
  parseServiceDefinitions,
  ServiceConnection,
  type ServiceDefinition,
  ServiceUnavailableError,
  type StdioServiceDefinition,
  ToolCallAbortedError,
  ToolCallError,
  ToolCallTimeoutError,
} from "@mcpstore/mcp-client";
import { type FixtureOptions, fixtureStdioConfig, waitFor } from "@mcpstore/test-harness";
import { afterEach, describe, expect, it } from "vitest";
import { fastOptions } from "./support/options.js";
import { groupMembers } from "./support/processes.js";
import { firstText, recordCatalogs, recordTransitions } from "./support/record.js";

const open: ServiceConnection[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
});

function fixture(options: FixtureOptions = {}, name = "fixture"): StdioServiceDefinition {
  return parseServiceDefinitions({ name, ...fixtureStdioConfig(options) })[0] as StdioServiceDefinition;
}

function connect(def: ServiceDefinition, options = fastOptions()): ServiceConnection {
  const connection = new ServiceConnection(def, options);
  open.push(connection);
  return connection;
}

async function fixtureStats(
  c: ServiceConnection,
): Promise<{ cancelled: number; calls: Record<string, number> }> {
  const result = await c.callTool("stats", {});
  return result.structuredContent as { cancelled: number; calls: Record<string, number> };
}

describe("ServiceConnection over stdio (fixture server)", () => {
  it("initializing → healthy, with the whole catalog fetched across pages", async () => {
    const c = connect(fixture({ paginate: 4, tools: 10 }));
    const seen = recordTransitions(c);
    expect(c.state).toBe("initializing");
    await c.start();
    expect(seen.list).toEqual(["initializing→healthy"]);
    expect(c.transport).toBe("stdio");
    const names = c.catalog!.tools.map((t) => t.name);
    expect(names).toEqual(
      expect.arrayContaining(["echo", "add", "slow", "crash", "filler_001", "filler_010"]),
    );
    expect(new Set(names).size).toBe(names.length);
    expect(names.length).toBeGreaterThan(4 * 3);
    expect(c.catalog!.resources.map((r) => r.uri)).toEqual(
      expect.arrayContaining(["fixture://readme", "fixture://stats"]),
    );
    expect(c.catalog!.prompts.map((p) => p.name)).toContain("greet");
    expect(await c.listTools()).toEqual(c.catalog!.tools);
  });

  it("calls tools, reads resources, gets prompts, pings", async () => {
    const c = connect(fixture());
    await c.start();
    expect(firstText(await c.callTool("echo", { text: "hi" }))).toBe("hi");
    expect((await c.callTool("add", { a: 2, b: 3 })).structuredContent).toEqual({ sum: 5 });
    const readme = await c.readResource("fixture://readme");
    expect(readme.contents[0]?.uri).toBe("fixture://readme");
    const prompt = await c.getPrompt("greet", { name: "Ada" });
    expect(JSON.stringify(prompt.messages)).toContain("Hello, Ada!");
    await expect(c.ping()).resolves.toBeUndefined();
  });

  it("returns isError results as results, and turns protocol errors into ToolCallError", async () => {
    const c = connect(fixture());
    await c.start();
    const failed = await c.callTool("fail", { message: "nope" });
    expect(failed.isError).toBe(true);
    const thrown = await c.callTool("throw", { message: "boom" }).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(ToolCallError);
    expect(thrown).toMatchObject({
      code: "TOOL_CALL_FAILED",
      service: "fixture",
      tool: "throw",
      rpcCode: -32603,
    });
    expect((thrown as Error).message).toMatch(/^service "fixture": tools\/call "throw" failed: .*boom/);
    // Said once, though the server sends it already prefixed and the SDK prefixes it again.
    expect((thrown as Error).message).not.toMatch(/(MCP error -?\d+: )\1/);
    expect(c.state).toBe("healthy");
  });

  it("times a call out and cancels it on the server", async () => {
    const c = connect(fixture());
    await c.start();
    const error = await c.callTool("never_answer", {}, { timeoutMs: 300 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ToolCallTimeoutError);
    expect(error).toMatchObject({
      code: "TOOL_TIMEOUT",
      service: "fixture",
      tool: "never_answer",
      timeoutMs: 300,
    });
    await waitFor(async () => (await fixtureStats(c)).cancelled === 1, {
      description: "server saw the cancel",
    });
    expect(c.state).toBe("healthy");
  });

  it("uses the service's configured timeout when the call gives none", async () => {
    const c = connect({ ...fixture(), timeoutMs: 250 });
    await c.start();
    await expect(c.callTool("never_answer", {})).rejects.toMatchObject({
      code: "TOOL_TIMEOUT",
      timeoutMs: 250,
    });
  });

  it("cancels a call when its AbortSignal fires", async () => {
    const c = connect(fixture());
    await c.start();
    const controller = new AbortController();
    const call = c.callTool("slow", { ms: 60_000 }, { signal: controller.signal });
    await waitFor(async () => (await fixtureStats(c)).calls.slow === 1, { description: "slow call arrived" });
    controller.abort(new Error("user pressed stop"));
    const error = await call.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ToolCallAbortedError);
    expect((error as Error).message).toBe(
      'service "fixture": call to tool "slow" was aborted (user pressed stop)',
    );
    await waitFor(async () => (await fixtureStats(c)).cancelled === 1, {
      description: "server saw the cancel",
    });
    const already = await c
      .callTool("echo", { text: "x" }, { signal: AbortSignal.abort() })
      .catch((e: unknown) => e);
    expect(already).toBeInstanceOf(ToolCallAbortedError);
  });

  it("reports progress", async () => {
    const c = connect(fixture());
    await c.start();
    const seen: number[] = [];
    await c.callTool("progress", { steps: 3, intervalMs: 20 }, { onProgress: (p) => seen.push(p.progress) });
    expect(seen).toEqual([1, 2, 3]);
  });

  it("carries large payloads", async () => {
    const c = connect(fixture());
    await c.start();
    const text = firstText(await c.callTool("big", { kb: 4096 }));
    expect(text.length).toBe(4096 * 1024);
    expect(firstText(await c.callTool("echo", { text: "after" }))).toBe("after");
  });

  it("refreshes every page of the catalog on tools/list_changed and emits it", async () => {
    const c = connect(fixture({ paginate: 3, tools: 8 }));
    await c.start();
    const catalogs = recordCatalogs(c);
    expect(c.catalog!.tools.map((t) => t.name)).not.toContain("extra");
    await c.callTool("toggle_extra", {});
    await waitFor(() => catalogs.some((k) => k.tools.some((t) => t.name === "extra")), {
      description: "catalog with extra",
    });
    expect(c.catalog!.tools.map((t) => t.name)).toContain("filler_008");
    expect(c.catalog!.tools.map((t) => t.name)).toContain("extra");
    await c.callTool("toggle_extra", {});
    await waitFor(() => !c.catalog!.tools.some((t) => t.name === "extra"), { description: "extra gone" });
    expect(c.catalog!.tools.length).toBe(catalogs[0]!.tools.length - 1);
  });

  it("crash → reconnecting → healthy: the exit is noticed at once, in-flight calls fail, a new process serves", async () => {
    const c = connect(fixture({ stderrNoise: true }));
    const seen = recordTransitions(c);
    await c.start();
    const firstPid = c.info().pid!;
    const error = await c.callTool("crash", { code: 3 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionClosedError);
    expect((error as Error).message).toMatch(/process exited with code 3/);
    expect((error as Error).message).toMatch(/stderr:\n[\s\S]*fixture: call crash/);
    await c.waitFor("healthy");
    expect(seen.list).toEqual(["initializing→healthy", "healthy→reconnecting", "reconnecting→healthy"]);
    expect(seen.events[1]!.error?.message).toMatch(/exited with code 3/);
    expect(c.info().pid).not.toBe(firstPid);
    expect(groupMembers(firstPid)).toEqual([]);
    expect(firstText(await c.callTool("echo", { text: "back" }))).toBe("back");
  });

  it("healthy → warning on a failed ping, back to healthy, then reconnecting after repeated failures", async () => {
    const c = connect(fixture(), fastOptions({ pingTimeoutMs: 1_000, pingFailuresBeforeReconnect: 2 }));
    const seen = recordTransitions(c);
    await c.start();
    const pid = c.info().pid!;
    process.kill(-pid, "SIGSTOP");
    try {
      expect(await c.checkHealth()).toBe("warning");
      expect(c.lastError?.message).toMatch(/health ping failed/);
      // warning still lets calls through: the transport is up, one ping was slow
      process.kill(-pid, "SIGCONT");
      expect(await c.checkHealth()).toBe("healthy");
      process.kill(-pid, "SIGSTOP");
      expect(await c.checkHealth()).toBe("warning");
      expect(await c.checkHealth()).toBe("reconnecting");
    } finally {
      process.kill(-pid, "SIGCONT");
    }
    await c.waitFor("healthy");
    expect(seen.list).toEqual([
      "initializing→healthy",
      "healthy→warning",
      "warning→healthy",
      "healthy→warning",
      "warning→reconnecting",
      "reconnecting→healthy",
    ]);
    expect(c.info().pid).not.toBe(pid);
    await waitFor(() => groupMembers(pid).length === 0, { description: "stopped server gone" });
  });

  it("pings on its own at the configured interval", async () => {
    const c = connect(fixture(), fastOptions({ healthcheckIntervalMs: 50, pingTimeoutMs: 1_000 }));
    const seen = recordTransitions(c);
    await c.start();
    const pid = c.info().pid!;
    process.kill(-pid, "SIGSTOP");
    try {
      await c.waitFor("warning");
    } finally {
      process.kill(-pid, "SIGCONT");
    }
    await waitFor(
      () => seen.list.at(-1) === "warning→healthy" || seen.list.at(-1) === "reconnecting→healthy",
      {
        description: "recovered",
      },
    );
    expect(seen.list.slice(0, 2)).toEqual(["initializing→healthy", "healthy→warning"]);
  });

  it("exit on start: reconnecting → unreachable after the budget; calls fail fast with the reason and the next retry", async () => {
    const c = connect(fixture({ exitOnStart: true }), fastOptions({ reconnect: { maxAttempts: 2 } }));
    const seen = recordTransitions(c);
    await c.start();
    await c.waitFor("unreachable");
    expect(seen.list).toEqual(["initializing→reconnecting", "reconnecting→unreachable"]);
    expect(c.lastError).toMatchObject({ code: "CONNECT_FAILED", reason: "exited" });
    expect(c.lastError!.message).toMatch(/process exited with code 1 before the MCP handshake finished/);
    expect(c.lastError!.message).toMatch(/stderr:\n/);
    expect(c.stderrTail).not.toBe("");
    const error = await c.callTool("echo", { text: "x" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    const unavailable = error as ServiceUnavailableError;
    expect(unavailable).toMatchObject({
      code: "SERVICE_UNAVAILABLE",
      service: "fixture",
      state: "unreachable",
    });
    expect(unavailable.lastError).toBe(c.lastError);
    expect(unavailable.nextRetryAt).toBeGreaterThan(Date.now());
    expect(unavailable.message).toMatch(
      /^service "fixture" is unreachable — last error: .* — next retry in \d+ s/s,
    );
  });

  it("keeps retrying slowly while unreachable and recovers when the command appears", async () => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    const def = { ...fixture(), command: "${FIXTURE_NODE:-/nonexistent/node}" };
    const c = connect(def, fastOptions({ env, reconnect: { slowRetryMs: 30 } }));
    const seen = recordTransitions(c);
    await c.start();
    expect(c.state).toBe("unreachable");
    expect(c.lastError).toMatchObject({ reason: "command-not-found" });
    env.FIXTURE_NODE = process.execPath;
    // Not c.waitFor: it rejects at once while the cause is one retrying cannot fix; slow retries still run.
    await waitFor(() => c.state === "healthy", { description: "the slow retry to find the command" });
    expect(seen.list).toEqual(["initializing→unreachable", "unreachable→healthy"]);
  });

  it("shows stderr in the tail, and survives garbage on stdout", async () => {
    const c = connect(fixture({ stdoutGarbage: true, stderrNoise: true }));
    await c.start();
    expect(c.state).toBe("healthy");
    expect(firstText(await c.callTool("echo", { text: "fine" }))).toBe("fine");
    await waitFor(() => c.stderrTail.includes("[stdout, not JSON-RPC]"), { description: "garbage noted" });
    await waitFor(() => c.stderrTail.includes("fixture: call echo"), {
      description: "stderr line of the call",
    });
  });

  it("redacts env secrets from the stderr tail, errors and info", async () => {
    const leaky: ServiceDefinition = {
      name: "leaky",
      type: "stdio",
      command: process.execPath,
      args: ["-e", "console.error('using token ' + process.env.FIXTURE_SECRET); process.exitCode = 2"],
      env: { FIXTURE_SECRET: "${SECRET}" },
    };
    const c = connect(
      leaky,
      fastOptions({ env: { ...process.env, SECRET: "s3cr3t-value" }, reconnect: { maxAttempts: 0 } }),
    );
    await c.start();
    expect(c.state).toBe("unreachable");
    expect(c.stderrTail).toContain("using token ***");
    expect(c.lastError!.message).toMatch(/exited with code 2[\s\S]*using token \*\*\*/);
    expect(c.info().definition).toMatchObject({ env: { FIXTURE_SECRET: "${SECRET}" } });
    const everything =
      JSON.stringify(c.info()) + String(await c.callTool("x", {}).catch((e: Error) => e.message));
    expect(everything).toContain("using token ***");
    expect(everything).not.toContain("s3cr3t-value");
  });

  it("keeps only a bounded stderr tail", async () => {
    const noisy: ServiceDefinition = {
      name: "noisy",
      type: "stdio",
      command: process.execPath,
      // No process.exit(): it would drop stderr still queued in the child (pipes are async in Node).
      args: ["-e", "for (let i = 0; i < 5000; i++) console.error('line ' + i)"],
      env: {},
    };
    const c = connect(noisy, fastOptions({ stderrBufferChars: 1000, reconnect: { maxAttempts: 0 } }));
    await c.start();
    expect(c.stderrTail.length).toBeLessThanOrEqual(1000);
    expect(c.stderrTail).toMatch(/line 4999\n$/);
    expect(c.stderrTail.startsWith("line ")).toBe(true);
  });

  it("close → disconnected: kills the process group, fails calls fast, is idempotent", async () => {
    const c = connect(fixture());
    const seen = recordTransitions(c);
    await c.start();
    const pid = c.info().pid!;
    expect(groupMembers(pid)).toContain(pid);
    await Promise.all([c.close(), c.close()]);
    expect(seen.list).toEqual(["initializing→healthy", "healthy→disconnected"]);
    expect(groupMembers(pid)).toEqual([]);
    await expect(c.callTool("echo", { text: "x" })).rejects.toMatchObject({
      code: "SERVICE_UNAVAILABLE",
      state: "disconnected",
    });
    await expect(c.start()).rejects.toMatchObject({ code: "CONNECTION_CLOSED" });
    await expect(c.waitFor("healthy")).rejects.toMatchObject({ code: "CONNECTION_CLOSED" });
  });

  it.skipIf(process.platform === "win32")(
    "close SIGKILLs, after the grace period, a grandchild that ignores SIGTERM and stdin EOF",
    async () => {
      const { command, args } = fixtureStdioConfig();
      const stubborn = `${JSON.stringify(process.execPath)} -e "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)"`;
      const server = [command, ...args].map((a) => JSON.stringify(a)).join(" ");
      const c = connect(
        {
          name: "stubborn",
          type: "stdio",
          command: "sh",
          args: ["-c", `${stubborn} & exec ${server}`],
          env: {},
        },
        fastOptions({ killGraceMs: 300 }),
      );
      await c.start();
      const pid = c.info().pid!;
      const members = await waitFor(() => groupMembers(pid).length === 2 && groupMembers(pid), {
        description: "server and stubborn sibling running",
      });
      await c.close();
      expect(members.filter((p) => groupMembers(pid).includes(p))).toEqual([]);
    },
  );

  it("a command that does not exist: a clear error, straight to unreachable, no crash", async () => {
    const c = connect({
      name: "ghost",
      type: "stdio",
      command: "mcpstore-no-such-command",
      args: ["--x"],
      env: {},
    });
    const seen = recordTransitions(c);
    await expect(c.start()).resolves.toBeUndefined();
    expect(seen.list).toEqual(["initializing→unreachable"]);
    expect(c.lastError).toMatchObject({
      code: "CONNECT_FAILED",
      reason: "command-not-found",
      service: "ghost",
    });
    expect(c.lastError!.message).toBe(
      'service "ghost": command not found: mcpstore-no-such-command --x (spawn ENOENT; check the command and PATH)',
    );
    expect(c.info()).toMatchObject({
      state: "unreachable",
      pid: undefined,
      lastError: { code: "CONNECT_FAILED" },
    });
  });

  it("an unset variable without default: a ConfigError naming it, unreachable", async () => {
    const c = connect(
      { ...fixture(), env: { API_KEY: "${MCPSTORE_TEST_UNSET_VAR}" } },
      fastOptions({ env: { PATH: process.env.PATH } }),
    );
    await c.start();
    expect(c.state).toBe("unreachable");
    expect(c.lastError).toMatchObject({ code: "CONFIG_INVALID" });
    expect(c.lastError!.message).toBe(
      "mcpServers.fixture.env.API_KEY: environment variable MCPSTORE_TEST_UNSET_VAR is not set (and no default given)",
    );
  });

  it("close from every state ends in disconnected with an event", async () => {
    const transitions: string[] = [];
    // initializing
    const a = connect(fixture());
    recordTransitions(a).list.length = 0;
    a.on("state", (e) => transitions.push(`${e.from}→${e.to}`));
    await a.close();
    // unreachable
    const b = connect(fixture({ exitOnStart: true }), fastOptions({ reconnect: { maxAttempts: 0 } }));
    b.on("state", (e) => transitions.push(`${e.from}→${e.to}`));
    await b.start();
    await b.close();
    // reconnecting (a long backoff keeps it there)
    const c = connect(
      fixture({ exitOnStart: true }),
      fastOptions({ reconnect: { baseMs: 60_000, capMs: 60_000 } }),
    );
    c.on("state", (e) => transitions.push(`${e.from}→${e.to}`));
    await c.start();
    await c.close();
    // warning
    const d = connect(fixture(), fastOptions({ pingTimeoutMs: 1_000, pingFailuresBeforeReconnect: 5 }));
    d.on("state", (e) => transitions.push(`${e.from}→${e.to}`));
    await d.start();
    const pid = d.info().pid!;
    process.kill(-pid, "SIGSTOP");
    try {
      expect(await d.checkHealth()).toBe("warning");
    } finally {
      process.kill(-pid, "SIGCONT");
    }
    await d.close();
    expect(transitions).toEqual([
      "initializing→disconnected",
      "initializing→unreachable",
      "unreachable→disconnected",
      "initializing→reconnecting",
      "reconnecting→disconnected",
      "initializing→healthy",
      "healthy→warning",
      "warning→disconnected",
    ]);
    for (const x of [a, b, c, d]) expect(x.nextRetryAt).toBeUndefined();
  });

  it("close during the first connection attempt stops it", async () => {
    const c = connect(fixture());
    const started = c.start();
    await c.close();
    await started;
    expect(c.state).toBe("disconnected");
  });

  it("fails fast while initializing and tells waitFor's timeout the state it saw", async () => {
    const c = connect(fixture({ exitOnStart: true }), fastOptions({ reconnect: { maxAttempts: 0 } }));
    await expect(c.callTool("echo", {})).rejects.toMatchObject({
      code: "SERVICE_UNAVAILABLE",
      state: "initializing",
    });
    await c.start();
    const error = await c.waitFor("healthy", 50).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "WAIT_TIMEOUT", state: "unreachable", wanted: "healthy" });
    expect((error as Error).message).toMatch(
      /did not become healthy within 50 ms \(state: unreachable; last error: /,
    );
  });

  it("reconnect() starts afresh on demand", async () => {
    const c = connect(fixture());
    const seen = recordTransitions(c);
    await c.start();
    const pid = c.info().pid!;
    await c.reconnect();
    expect(c.state).toBe("healthy");
    expect(c.info().pid).not.toBe(pid);
    expect(seen.list).toEqual(["initializing→healthy", "healthy→reconnecting", "reconnecting→healthy"]);
  });
});

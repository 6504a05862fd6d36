// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} placeholders are part of what is tested
import {
  parseServiceDefinitions,
  ServiceAuthError,
  ServiceConnectError,
  ServiceConnection,
  type ServiceDefinition,
  ToolCallTimeoutError,
} from "@mcpstore/mcp-client";
import { type FixtureHttpServer, freePort, startFixtureHttpServer, waitFor } from "@mcpstore/test-harness";
import { afterEach, describe, expect, it } from "vitest";
import { fastOptions } from "./support/options.js";
import { firstText, recordCatalogs, recordTransitions } from "./support/record.js";

const open: ServiceConnection[] = [];
const servers: FixtureHttpServer[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function server(
  options: Parameters<typeof startFixtureHttpServer>[0] = {},
): Promise<FixtureHttpServer> {
  const s = await startFixtureHttpServer(options);
  servers.push(s);
  return s;
}

function remote(url: string, extra: Record<string, unknown> = {}, name = "remote"): ServiceDefinition {
  return parseServiceDefinitions({ mcpServers: { [name]: { url, ...extra } } })[0]!;
}

function connect(def: ServiceDefinition, options = fastOptions()): ServiceConnection {
  const c = new ServiceConnection(def, options);
  open.push(c);
  return c;
}

describe("ServiceConnection over HTTP (fixture server)", () => {
  it("streamable HTTP: healthy, every page, calls, large payloads", async () => {
    const s = await server({ paginate: 5, tools: 12 });
    const c = connect(remote(s.mcpUrl, { transport: "streamable-http" }));
    const seen = recordTransitions(c);
    await c.start();
    expect(seen.list).toEqual(["initializing→healthy"]);
    expect(c.transport).toBe("streamable-http");
    expect(c.catalog!.tools.map((t) => t.name)).toEqual(
      expect.arrayContaining(["echo", "filler_001", "filler_012"]),
    );
    expect(firstText(await c.callTool("echo", { text: "over http" }))).toBe("over http");
    expect(firstText(await c.callTool("big", { kb: 2048 })).length).toBe(2048 * 1024);
  });

  it("auto picks streamable HTTP when the server speaks it", async () => {
    const s = await server();
    const c = connect(remote(s.mcpUrl));
    await c.start();
    expect(c.transport).toBe("streamable-http");
  });

  it("auto falls back to SSE on a 4xx, and keeps SSE for reconnects", async () => {
    const s = await server({ sseOnly: true });
    const c = connect(remote(s.mcpUrl));
    await c.start();
    expect(c.state).toBe("healthy");
    expect(c.transport).toBe("sse");
    expect(firstText(await c.callTool("echo", { text: "legacy" }))).toBe("legacy");
    await c.reconnect();
    expect(c.transport).toBe("sse");
    expect((await s.stats()).sessions).toBe(2);
  });

  it("a URL path ending in /sse means SSE", async () => {
    const s = await server();
    const c = connect(remote(s.sseUrl));
    await c.start();
    expect(c.transport).toBe("sse");
    expect(firstText(await c.callTool("echo", { text: "sse" }))).toBe("sse");
  });

  it("SSE: timeouts cancel on the server, progress arrives, list_changed refreshes", async () => {
    const s = await server();
    const c = connect(remote(`${s.url}/sse`, { transport: "sse" }));
    await c.start();
    const error = await c.callTool("never_answer", {}, { timeoutMs: 300 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ToolCallTimeoutError);
    await waitFor(async () => (await s.stats()).cancelled === 1, {
      description: "cancel reached the server",
    });
    const steps: number[] = [];
    await c.callTool("progress", { steps: 2, intervalMs: 20 }, { onProgress: (p) => steps.push(p.progress) });
    expect(steps).toEqual([1, 2]);
    const catalogs = recordCatalogs(c);
    await c.callTool("toggle_extra", {});
    await waitFor(() => catalogs.at(-1)?.tools.some((t) => t.name === "extra"), {
      description: "extra listed",
    });
  });

  it("streamable HTTP: list_changed arrives on the standalone stream and refreshes the catalog", async () => {
    const s = await server({ paginate: 2 });
    const c = connect(remote(s.mcpUrl));
    await c.start();
    const catalogs = recordCatalogs(c);
    await c.callTool("toggle_extra", {});
    await waitFor(() => catalogs.at(-1)?.tools.some((t) => t.name === "extra"), {
      description: "extra listed",
    });
    expect(c.catalog!.tools.length).toBeGreaterThan(2);
  });

  it("sends headers with interpolated bearer tokens", async () => {
    const s = await server({ token: "tok-right-123" });
    const c = connect(
      remote(s.mcpUrl, { headers: { Authorization: "Bearer ${FIXTURE_TOKEN}" } }),
      fastOptions({ env: { FIXTURE_TOKEN: "tok-right-123" } }),
    );
    await c.start();
    expect(c.state).toBe("healthy");
    expect(c.info().definition).toMatchObject({ headers: { Authorization: "Bearer ${FIXTURE_TOKEN}" } });
    const sse = connect(remote(s.sseUrl, { bearerToken: "tok-right-123" }, "sse-auth"));
    await sse.start();
    expect(sse.state).toBe("healthy");
    expect(JSON.stringify(sse.info())).not.toContain("tok-right-123");
  });

  it("401: an auth error, straight to unreachable, without the token in the message", async () => {
    const s = await server({ token: "tok-right-123" });
    for (const transport of ["auto", "sse"] as const) {
      const c = connect(
        remote(transport === "sse" ? s.sseUrl : s.mcpUrl, { bearerToken: "tok-wrong-456" }, transport),
      );
      const seen = recordTransitions(c);
      await c.start();
      expect(seen.list).toEqual(["initializing→unreachable"]);
      expect(c.lastError).toBeInstanceOf(ServiceAuthError);
      expect(c.lastError).toMatchObject({ code: "AUTH_FAILED", httpStatus: 401 });
      expect(c.lastError!.message).toMatch(/answered HTTP 401 — credentials missing or rejected/);
      expect(JSON.stringify(c.info()) + c.lastError!.message).not.toContain("tok-wrong-456");
    }
  });

  it("404 everywhere: auto tries SSE too, then straight to unreachable with both answers named", async () => {
    const s = await server({ status: 404 });
    const c = connect(remote(s.mcpUrl), fastOptions({ reconnect: { maxAttempts: 2 } }));
    const seen = recordTransitions(c);
    await c.start();
    expect(seen.list).toEqual(["initializing→unreachable"]);
    expect(c.lastError).toBeInstanceOf(ServiceConnectError);
    expect(c.lastError).toMatchObject({ reason: "http-status", httpStatus: 404 });
    expect(c.lastError!.message).toMatch(/\(sse\) answered HTTP 404.*after streamable HTTP failed.*404/s);
  });

  it("500: no fallback, an HTTP status error", async () => {
    const s = await server({ status: 500 });
    const c = connect(remote(s.mcpUrl), fastOptions({ reconnect: { maxAttempts: 1 } }));
    await c.start();
    await c.waitFor("unreachable");
    expect(c.lastError).toMatchObject({ code: "CONNECT_FAILED", reason: "http-status", httpStatus: 500 });
    expect(c.lastError!.message).toMatch(/\(streamable-http\) answered HTTP 500/);
  });

  it("a refused port: a network error, reconnecting → unreachable, no crash", async () => {
    const port = await freePort();
    const c = connect(remote(`http://127.0.0.1:${port}/mcp`), fastOptions({ reconnect: { maxAttempts: 2 } }));
    const seen = recordTransitions(c);
    await c.start();
    await c.waitFor("unreachable");
    expect(seen.list).toEqual(["initializing→reconnecting", "reconnecting→unreachable"]);
    expect(c.lastError).toMatchObject({ reason: "network" });
    expect(c.lastError!.message).toMatch(
      /cannot reach http:\/\/127\.0\.0\.1:\d+\/mcp \(streamable-http\): ECONNREFUSED/,
    );
    await expect(c.callTool("echo", {})).rejects.toMatchObject({
      code: "SERVICE_UNAVAILABLE",
      state: "unreachable",
    });
  });

  it("a dropped session (404 on the next request) → reconnecting → healthy on a new session", async () => {
    const s = await server();
    const c = connect(remote(s.mcpUrl));
    const seen = recordTransitions(c);
    await c.start();
    await expect(c.callTool("crash", {}, { timeoutMs: 300 })).rejects.toMatchObject({ code: "TOOL_TIMEOUT" });
    await c.checkHealth();
    await c.waitFor("healthy");
    expect(seen.list).toEqual(["initializing→healthy", "healthy→reconnecting", "reconnecting→healthy"]);
    expect(seen.events[1]!.error?.message).toMatch(/404/);
    expect(firstText(await c.callTool("echo", { text: "new session" }))).toBe("new session");
  });

  it("server killed → pings notice → reconnecting → unreachable → server back → healthy", async () => {
    const port = await freePort();
    const first = await server({ inProcess: false, port });
    const c = connect(
      remote(first.mcpUrl),
      fastOptions({
        healthcheckIntervalMs: 50,
        pingTimeoutMs: 2_000,
        reconnect: { maxAttempts: 2, slowRetryMs: 50 },
      }),
    );
    const seen = recordTransitions(c);
    await c.start();
    await first.kill!();
    await c.waitFor("unreachable");
    const second = await server({ inProcess: false, port });
    await c.waitFor("healthy");
    expect(seen.list).toEqual([
      "initializing→healthy",
      "healthy→reconnecting",
      "reconnecting→unreachable",
      "unreachable→healthy",
    ]);
    expect(seen.events[1]!.error?.message).toMatch(/ECONNREFUSED|fetch failed|closed/);
    expect(firstText(await c.callTool("echo", { text: "again" }))).toBe("again");
    expect((await second.stats()).sessions).toBe(1);
    // Two server processes start in this test: over 5 s on a loaded 2-core machine.
  }, 30_000);
});

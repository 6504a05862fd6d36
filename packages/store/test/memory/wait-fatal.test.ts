import { type FixtureHttpServer, startFixtureHttpServer } from "@mcpstore/test-harness";
import { afterEach, describe, expect, it } from "vitest";
import { MCPStore } from "../../src/index.js";

const stores: MCPStore[] = [];
const servers: FixtureHttpServer[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function context() {
  const store = await MCPStore.setupStore();
  stores.push(store);
  return store.forStore();
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

describe("waitService fails at once when retrying cannot help", () => {
  it("a command that does not exist: rejects at once naming the command", async () => {
    const ctx = await context();
    await ctx.addService({ mcpServers: { ghost: { command: "mcpstore-no-such-command", args: ["serve"] } } });
    const { error, ms } = await rejection(ctx.waitService("ghost", { timeoutMs: 30_000 }));
    expect(ms).toBeLessThan(2_000);
    expect(error).toMatchObject({ code: "CONNECT_FAILED", reason: "command-not-found", retryable: false });
    expect(error.message).toContain("mcpstore-no-such-command");
    expect(error.message).toContain("not found");
  });

  it("an HTTP URL answering 404: rejects at once with the status", async () => {
    const server = await startFixtureHttpServer({ status: 404 });
    servers.push(server);
    const ctx = await context();
    await ctx.addService({ mcpServers: { remote: { url: server.mcpUrl } } });
    const { error, ms } = await rejection(ctx.waitService("remote", { timeoutMs: 30_000 }));
    expect(ms).toBeLessThan(2_000);
    expect(error).toMatchObject({ httpStatus: 404, retryable: false });
    expect(error.message).toMatch(/HTTP 404/);
  });

  it("an HTTP URL answering 401: rejects at once with the auth error", async () => {
    const server = await startFixtureHttpServer({ token: "right-token" });
    servers.push(server);
    const ctx = await context();
    await ctx.addService({ mcpServers: { remote: { url: server.mcpUrl } } });
    const { error, ms } = await rejection(ctx.waitService("remote", { timeoutMs: 30_000 }));
    expect(ms).toBeLessThan(2_000);
    expect(error).toMatchObject({ code: "AUTH_FAILED", httpStatus: 401 });
  });

  it("a crash loop is unreachable within a few seconds", async () => {
    const ctx = await context();
    await ctx.addService({
      mcpServers: { crashy: { command: "sh", args: ["-c", "echo boom >&2; exit 1"] } },
    });
    const started = performance.now();
    const info = await ctx.waitService("crashy", { status: "unreachable", timeoutMs: 20_000 });
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(info.lastError).toMatch(/exited with code 1/);
  }, 30_000);
});

import { fixtureStdioConfig } from "@mcpstore/test-harness";
import { afterEach, describe, expect, it } from "vitest";
import { InvalidOptionsError, MCPStore, ServiceWaitTimeoutError } from "../../src/index.js";

const stores: MCPStore[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
});
async function context() {
  const store = await MCPStore.setupStore();
  stores.push(store);
  const ctx = store.forStore();
  await ctx.addService({ mcpServers: { svc: fixtureStdioConfig() } });
  return ctx;
}

/** Calls waitService as JavaScript would (no type checking) and times the rejection. */
async function rejection(run: () => Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const started = performance.now();
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  return { error, ms: performance.now() - started };
}

describe("waitService options", () => {
  it("waits for { state } and still takes the deprecated { status }", async () => {
    const ctx = await context();
    expect((await ctx.waitService("svc", { state: "healthy" })).state).toBe("healthy");
    expect((await ctx.waitService("svc", { status: ["healthy", "warning"] })).state).toBe("healthy");
  });

  it("rejects an unknown state at once, naming the allowed ones", async () => {
    const ctx = await context();
    const wait = ctx.waitService as (name: string, options: unknown) => Promise<unknown>;
    const { error, ms } = await rejection(() => wait.call(ctx, "svc", { state: "ready" }));
    expect(error).toBeInstanceOf(InvalidOptionsError);
    expect((error as Error).message).toBe(
      'Invalid options:\n  - state: "ready" is not a service state; use one of "initializing", "healthy", ' +
        '"warning", "reconnecting", "unreachable", "disconnected"',
    );
    expect(ms).toBeLessThan(100);
    const old = await rejection(() => wait.call(ctx, "svc", { status: "ready" }));
    expect((old.error as Error).message).toContain('- status: "ready" is not a service state');
  });

  it("rejects a bad timeout, an unknown option and both spellings at once", async () => {
    const ctx = await context();
    const wait = ctx.waitService as (name: string, options: unknown) => Promise<unknown>;
    const { error, ms } = await rejection(() =>
      wait.call(ctx, "svc", { timeoutMs: "5000", state: "healthy", status: "healthy", timeout: 1 }),
    );
    expect(ms).toBeLessThan(100);
    expect((error as InvalidOptionsError).issues).toEqual([
      { path: "timeout", message: "is not an option of waitService (use state, timeoutMs)" },
      { path: "status", message: "is the deprecated name of state; give only state" },
      { path: "timeoutMs", message: 'must be a positive number of ms (got "5000")' },
    ]);
    await expect(wait.call(ctx, "svc", { timeoutMs: -1 })).rejects.toMatchObject({ code: "OPTIONS_INVALID" });
  });

  it("a timeout error carries .state (and the deprecated .lastState)", async () => {
    const ctx = await context();
    const error = await ctx
      .waitService("svc", { state: "unreachable", timeoutMs: 50 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceWaitTimeoutError);
    const timeout = error as ServiceWaitTimeoutError;
    expect(["initializing", "healthy"]).toContain(timeout.state);
    expect(timeout.lastState).toBe(timeout.state);
    expect(timeout.message).toContain(`last state: ${timeout.state}`);
  });
});

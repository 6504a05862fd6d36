import { getEventListeners } from "node:events";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { parseServiceDefinitions, ServiceConnection } from "@mcpstore/mcp-client";
import { type FixtureHttpServer, startFixtureHttpServer } from "@mcpstore/test-harness";
import { afterEach, describe, expect, it } from "vitest";
import { requestScopedFetch } from "../src/connection/scoped-abort.js";
import { fastOptions } from "./support/options.js";

// Found through `pnpm bench` ("MaxListenersExceededWarning: 1610 abort listeners added to
// [AbortSignal]"): the SDK's HTTP transports pass their lifetime signal to every request's fetch, and
// the SDK's request() listens on the caller's signal; neither listener is ever removed. Thousands of
// calls must leave both signals with the listeners of the requests in flight only, and the heap flat.

// Heap figures need a real collection before each reading.
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const open: ServiceConnection[] = [];
const servers: FixtureHttpServer[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function transportSignal(c: ServiceConnection): AbortSignal {
  const transport = c.client?.transport as unknown as { _abortController?: AbortController };
  const signal = transport._abortController?.signal;
  if (!signal) throw new Error("the SDK transport no longer keeps _abortController: update this test");
  return signal;
}

function heapMb(): number {
  gc();
  return process.memoryUsage().heapUsed / 1e6;
}

describe("abort listeners over many calls", () => {
  for (const [jsonResponse, calls] of [
    [true, 10_000],
    [false, 1_000],
  ] as const) {
    it(`${calls} streamable-HTTP calls (${jsonResponse ? "JSON" : "SSE"} responses) with one caller signal leave no listeners behind`, async () => {
      // A separate process, so the heap measured is the client's alone.
      const s = await startFixtureHttpServer({ jsonResponse, inProcess: false });
      servers.push(s);
      const def = parseServiceDefinitions({
        mcpServers: { h: { url: s.mcpUrl, transport: "streamable-http" } },
      })[0]!;
      const c = new ServiceConnection(def, fastOptions());
      open.push(c);
      await c.start();
      const caller = new AbortController();
      const lifetime = transportSignal(c);
      const warnings: string[] = [];
      const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
      process.on("warning", onWarning);
      try {
        // Ten calls in flight at a time: quicker, and closer to how a store is used.
        const run = async (n: number) => {
          for (let i = 0; i < n; i += 10) {
            await Promise.all(
              Array.from({ length: 10 }, () => c.callTool("echo", { text: "x" }, { signal: caller.signal })),
            );
          }
        };
        await run(500);
        const heapBefore = heapMb();
        await run(calls - 500);
        // A call resolves on its message; its SSE response stream ends (and lets go) just after.
        await new Promise((r) => setTimeout(r, 200));
        const heapAfter = heapMb();
        const counts = {
          transport: getEventListeners(lifetime, "abort").length,
          caller: getEventListeners(caller.signal, "abort").length,
        };
        console.log(
          `after ${calls} calls: abort listeners ${JSON.stringify(counts)}, heap ${heapBefore.toFixed(1)} → ${heapAfter.toFixed(1)} MB`,
        );
        expect(counts.caller).toBe(0);
        // The standalone GET stream's fetch, if the server opened one, holds the only one.
        expect(counts.transport).toBeLessThanOrEqual(1);
        expect(warnings.filter((w) => w.includes("MaxListeners"))).toEqual([]);
        // Leaking one listener (a closure and its request) per call costs far more than this.
        expect(heapAfter - heapBefore).toBeLessThan(10);
      } finally {
        process.off("warning", onWarning);
      }
    }, 120_000);
  }

  it("a request-scoped fetch still aborts the request when the lifetime signal fires", async () => {
    const s = await startFixtureHttpServer();
    servers.push(s);
    const lifetime = new AbortController();
    const scopedFetch = requestScopedFetch();
    const pending = scopedFetch(`${s.url}/never-answers-${Date.now()}`, { signal: lifetime.signal });
    lifetime.abort(new Error("closing"));
    await expect(pending).rejects.toThrow();
    expect(getEventListeners(lifetime.signal, "abort")).toHaveLength(0);
  });
});

describe("scopedSignal", () => {
  it("keeps one listener on the outer signal however many requests follow it, none after", async () => {
    const { scopedSignal } = await import("../src/connection/scoped-abort.js");
    const outer = new AbortController();
    const scoped = Array.from({ length: 50 }, () => scopedSignal(outer.signal));
    expect(getEventListeners(outer.signal, "abort")).toHaveLength(1);
    for (const s of scoped.slice(0, 49)) s.release();
    expect(getEventListeners(outer.signal, "abort")).toHaveLength(1);
    outer.abort(new Error("stop"));
    expect(scoped[49]!.signal.aborted).toBe(true);
    expect(scoped[0]!.signal.aborted).toBe(false); // released before the abort: no longer follows
    scoped[49]!.release();
    const later = scopedSignal(outer.signal);
    expect(later.signal.aborted).toBe(true);
    const fresh = new AbortController();
    scopedSignal(fresh.signal).release();
    expect(getEventListeners(fresh.signal, "abort")).toHaveLength(0);
  });
});

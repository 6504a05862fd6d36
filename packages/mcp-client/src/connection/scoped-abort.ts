import type { FetchLike } from "@modelcontextprotocol/sdk/shared/transport.js";

interface Followers {
  readonly members: Set<AbortController>;
  readonly onAbort: () => void;
}

/** Per outer signal: the request-scoped controllers following it, all through one listener. */
const following = new WeakMap<AbortSignal, Followers>();

function followersOf(outer: AbortSignal): Followers {
  let entry = following.get(outer);
  if (!entry) {
    const members = new Set<AbortController>();
    const onAbort = () => {
      following.delete(outer);
      for (const c of members) c.abort(outer.reason);
    };
    entry = { members, onAbort };
    following.set(outer, entry);
    outer.addEventListener("abort", onAbort, { once: true });
  }
  return entry;
}

/**
 * A signal that follows `outer` only until `release()`. Whatever listens to it (the SDK, fetch) does
 * so on a signal that dies with one request, and `outer` — a caller's signal reused for thousands of
 * calls, a transport's lifetime controller — carries at most one listener of ours however many
 * requests are in flight, and none once they are done. (The SDK's request() and Node's fetch each add
 * an abort listener and never remove it; AbortSignal.any avoids the listeners but leaks heap on Node 20.)
 */
export function scopedSignal(outer: AbortSignal): { signal: AbortSignal; release: () => void } {
  const inner = new AbortController();
  if (outer.aborted) {
    inner.abort(outer.reason);
    return { signal: inner.signal, release: () => {} };
  }
  const entry = followersOf(outer);
  entry.members.add(inner);
  let released = false;
  return {
    signal: inner.signal,
    release: () => {
      if (released) return;
      released = true;
      entry.members.delete(inner);
      // The last one out takes the listener with it; the next request adds a fresh one.
      if (entry.members.size === 0 && following.get(outer) === entry) {
        following.delete(outer);
        outer.removeEventListener("abort", entry.onAbort);
      }
    },
  };
}

/**
 * Runs `run` with a request-scoped copy of `signal` (see {@link scopedSignal}), releasing it when the
 * promise settles.
 */
export function withScopedSignal<T>(
  signal: AbortSignal | undefined,
  run: (signal: AbortSignal | undefined) => Promise<T>,
): Promise<T> {
  if (signal === undefined) return run(undefined);
  const scoped = scopedSignal(signal);
  return run(scoped.signal).finally(scoped.release);
}

/**
 * A fetch for the SDK's HTTP transports that gives each request its own signal, released once the
 * response body is read to its end, cancelled or failed. The transports pass their lifetime signal to
 * every POST; without this, each tool call leaves a listener on it for as long as the connection lives.
 */
export function requestScopedFetch(base: FetchLike = (url, init) => fetch(url, init)): FetchLike {
  return async (url, init) => {
    const outer = init?.signal;
    if (!outer) return base(url, init);
    const { signal, release } = scopedSignal(outer);
    let response: Response;
    try {
      response = await base(url, { ...init, signal });
    } catch (error) {
      release();
      throw error;
    }
    if (!response.body) {
      release();
      return response;
    }
    return releasingBody(response, response.body, release);
  };
}

function releasingBody(response: Response, body: ReadableStream<Uint8Array>, release: () => void): Response {
  const reader = body.getReader();
  const wrapped = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          release();
          controller.close();
        } else {
          controller.enqueue(value);
        }
      } catch (error) {
        release();
        controller.error(error);
      }
    },
    cancel(reason) {
      release();
      return reader.cancel(reason);
    },
  });
  const copy = new Response(wrapped, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  // The SDK resolves redirects and relative endpoints against the response's URL.
  Object.defineProperty(copy, "url", { value: response.url });
  return copy;
}

/** Counters of one tool as stored: the field names of the `tools:{tool}:stats` hash. */
export interface ToolCounters {
  calls: number;
  errors: number;
  /** Whole milliseconds spent in calls (the stored hash only holds integers). */
  totalMs: number;
  /** Epoch ms of the latest call, 0 if never called. */
  lastCalledAt: number;
}

interface Pending extends ToolCounters {
  /** Sub-millisecond remainder not flushed yet, so many fast calls still add up. */
  fractionMs: number;
}

export interface StatsDelta extends ToolCounters {
  /** The global qualified tool name the counters belong to. */
  readonly tool: string;
}

/**
 * Per-tool call counters kept in memory between flushes. `record` is on the call path and does only
 * a Map lookup and a few additions; `drain` hands the accumulated deltas to the flusher, and `restore`
 * puts them back if the flush could not reach storage, so no count is lost.
 */
export class StatsBuffer {
  readonly #pending = new Map<string, Pending>();

  record(tool: string, elapsedMs: number, failed: boolean, now: number): void {
    let p = this.#pending.get(tool);
    if (!p) {
      p = { calls: 0, errors: 0, totalMs: 0, lastCalledAt: 0, fractionMs: 0 };
      this.#pending.set(tool, p);
    }
    p.calls += 1;
    if (failed) p.errors += 1;
    p.fractionMs += elapsedMs;
    if (now > p.lastCalledAt) p.lastCalledAt = now;
  }

  get size(): number {
    return this.#pending.size;
  }

  /** Tools with counts not flushed yet. */
  tools(): string[] {
    return [...this.#pending.keys()];
  }

  /** Counters not yet flushed for `tool` (whole ms, remainder included). */
  peek(tool: string): ToolCounters | undefined {
    const p = this.#pending.get(tool);
    if (!p) return undefined;
    return {
      calls: p.calls,
      errors: p.errors,
      totalMs: p.totalMs + p.fractionMs,
      lastCalledAt: p.lastCalledAt,
    };
  }

  /** Takes every pending delta (whole milliseconds; the remainder stays for the next flush). */
  drain(): StatsDelta[] {
    const out: StatsDelta[] = [];
    for (const [tool, p] of this.#pending) {
      const whole = Math.floor(p.totalMs + p.fractionMs);
      const remainder = p.totalMs + p.fractionMs - whole;
      if (p.calls === 0 && whole === 0) continue;
      out.push({ tool, calls: p.calls, errors: p.errors, totalMs: whole, lastCalledAt: p.lastCalledAt });
      if (remainder > 0) {
        this.#pending.set(tool, { calls: 0, errors: 0, totalMs: 0, lastCalledAt: 0, fractionMs: remainder });
      } else {
        this.#pending.delete(tool);
      }
    }
    return out;
  }

  /** Puts back deltas whose flush failed; they merge with anything recorded since. */
  restore(deltas: readonly StatsDelta[]): void {
    for (const d of deltas) {
      const p = this.#pending.get(d.tool);
      if (!p) {
        this.#pending.set(d.tool, { ...d, fractionMs: 0 });
        continue;
      }
      p.calls += d.calls;
      p.errors += d.errors;
      p.totalMs += d.totalMs;
      if (d.lastCalledAt > p.lastCalledAt) p.lastCalledAt = d.lastCalledAt;
    }
  }

  /** Forgets pending counts of tools that are gone. */
  discard(tool: string): void {
    this.#pending.delete(tool);
  }
}

/** Reads a stored stats hash; missing or malformed fields count as 0. */
export function parseCounters(hash: Readonly<Record<string, string>>): ToolCounters {
  const n = (v: string | undefined) => {
    const x = Number(v);
    return Number.isFinite(x) ? x : 0;
  };
  return {
    calls: n(hash.calls),
    errors: n(hash.errors),
    totalMs: n(hash.totalMs),
    lastCalledAt: n(hash.lastCalledAt),
  };
}

export function addCounters(a: ToolCounters, b: ToolCounters | undefined): ToolCounters {
  if (!b) return a;
  return {
    calls: a.calls + b.calls,
    errors: a.errors + b.errors,
    totalMs: a.totalMs + b.totalMs,
    lastCalledAt: Math.max(a.lastCalledAt, b.lastCalledAt),
  };
}

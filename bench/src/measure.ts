import { performance } from "node:perf_hooks";

/** One side of a comparison: an operation run `batch` times per sample. */
export type Operation = () => unknown | Promise<unknown>;

export interface Comparison {
  /** Row label in the report. */
  name: string;
  /** What the ratio is measured against (e.g. the raw SDK call). */
  baseline: { label: string; run: Operation };
  /** What we ship. */
  candidate: { label: string; run: Operation };
  /** Operations per sample; raise it for sub-microsecond operations. */
  batch?: number;
  /** Samples per side. */
  samples?: number;
  /** Samples thrown away per side before measuring (JIT, connection warm-up). */
  warmup?: number;
  /** What the ratio must not exceed, if the design sets a target. */
  target?: number;
}

export interface Row {
  name: string;
  baseline: string;
  candidate: string;
  baselineMedianUs: number;
  candidateMedianUs: number;
  ratio: number;
  target?: number;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

async function sample(op: Operation, batch: number): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < batch; i++) {
    const r = op();
    if (r instanceof Promise) await r;
  }
  return ((performance.now() - start) * 1000) / batch;
}

/**
 * Measures both sides interleaved (A, B, B, A, ...) in one process so drift in machine load hits both
 * equally; the ratio of medians is the figure we report.
 */
export async function compare(c: Comparison): Promise<Row> {
  const batch = c.batch ?? 1;
  const samples = c.samples ?? 200;
  const warmup = c.warmup ?? 20;
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < warmup + samples; i++) {
    const first = i % 2 === 0;
    const ta = first ? await sample(c.baseline.run, batch) : 0;
    const tb = await sample(c.candidate.run, batch);
    const ta2 = first ? ta : await sample(c.baseline.run, batch);
    if (i >= warmup) {
      a.push(ta2);
      b.push(tb);
    }
  }
  const baselineMedianUs = median(a);
  const candidateMedianUs = median(b);
  return {
    name: c.name,
    baseline: c.baseline.label,
    candidate: c.candidate.label,
    baselineMedianUs,
    candidateMedianUs,
    ratio: candidateMedianUs / baselineMedianUs,
    ...(c.target === undefined ? {} : { target: c.target }),
  };
}

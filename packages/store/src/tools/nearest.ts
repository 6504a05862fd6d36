/** Levenshtein distance, two rows of memory; enough for tool-name suggestions. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  let cur = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
}

export interface NamedCandidate {
  /** What the suggestion shows (the name that works when called). */
  readonly display: string;
  /** Every spelling the user might have been aiming at (qualified and original name). */
  readonly spellings: readonly string[];
}

/**
 * Up to `limit` candidates closest to `query`: those within a typo-sized distance or containing the
 * query, else the few closest overall so the error always points somewhere when anything exists.
 * Only for messages — resolution never uses this.
 */
export function nearestNames(query: string, candidates: readonly NamedCandidate[], limit = 5): string[] {
  const q = query.toLowerCase();
  const scored = candidates.map((c) => {
    let best = Number.POSITIVE_INFINITY;
    let contains = false;
    for (const s of c.spellings) {
      const lower = s.toLowerCase();
      best = Math.min(best, editDistance(q, lower));
      if (q.length >= 3 && (lower.includes(q) || q.includes(lower))) contains = true;
    }
    return { display: c.display, distance: best, contains };
  });
  scored.sort((x, y) => x.distance - y.distance || x.display.localeCompare(y.display));
  const threshold = Math.max(2, Math.ceil(q.length * 0.4));
  const close = scored.filter((s) => s.contains || s.distance <= threshold);
  const picked = close.length ? close : scored.slice(0, 3);
  return [...new Set(picked.map((s) => s.display))].slice(0, limit);
}

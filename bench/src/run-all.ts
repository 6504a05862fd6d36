import { readdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { Row } from "./measure.js";

// Every file in benchmarks/ exports `run(): Promise<Row[]>`; this runs them in turn and prints one table.
const dir = fileURLToPath(new URL("./benchmarks/", import.meta.url));
const only = process.argv[2];
const files = (await readdir(dir))
  .filter((f) => f.endsWith(".bench.ts") && (!only || f.includes(only)))
  .sort();

const rows: Row[] = [];
for (const file of files) {
  const mod = (await import(new URL(`./benchmarks/${file}`, import.meta.url).href)) as {
    run: () => Promise<Row[]>;
  };
  rows.push(...(await mod.run()));
}

const fmt = (us: number) => (us < 10 ? us.toFixed(3) : us.toFixed(1));
console.table(
  rows.map((r) => ({
    benchmark: r.name,
    baseline: `${r.baseline} ${fmt(r.baselineMedianUs)} µs`,
    candidate: `${r.candidate} ${fmt(r.candidateMedianUs)} µs`,
    ratio: `${r.ratio.toFixed(3)}×`,
    target: r.target === undefined ? "" : `≤ ${r.target}× ${r.ratio <= r.target ? "met" : "MISSED"}`,
  })),
);

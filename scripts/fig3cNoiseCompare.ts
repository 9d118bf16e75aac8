/**
 * Compare fig3cNoiseFloor.ts runs (JSON lines) with reference fig3c runs (a recipe folder's
 * runs.jsonl, several pooled: the first folder holding a run id wins): per width, runs matched,
 * bit-identical (same loss bits and steps), same class (certificate classification), same outcome
 * (success / undecided / failure, engine outcomeClass), each rate with its Wilson 95 % interval, and
 * CPU seconds per run (mean / median / p90, when the runs carry cpuSeconds); plus every disagreement.
 *
 *   npx tsx scripts/fig3cNoiseCompare.ts RUNS.jsonl[,MORE.jsonl] REF_DIR[,REF_DIR…] [--json]
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { outcomeClass, quantile, wilsonInterval } from '../native-workers/engine';

export interface RunLine {
  readonly id: string;
  readonly width: number;
  readonly seed: number;
  readonly loss: number;
  readonly classification: string | null;
  readonly steps: number;
  readonly stoppedBy: string;
  readonly cpuSeconds?: number;
}

export function readLines(file: string): RunLine[] {
  // A file being appended to may end in a partial line: skip what does not parse.
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line) => {
      try {
        return line.trim() ? [JSON.parse(line) as RunLine] : [];
      } catch {
        return [];
      }
    });
}

export function readReference(dirs: readonly string[]): Map<string, RunLine> {
  const ref = new Map<string, RunLine>();
  for (const dir of dirs) {
    const file = existsSync(join(dir, 'runs.jsonl')) ? join(dir, 'runs.jsonl') : dir;
    for (const r of readLines(file)) if (!ref.has(r.id)) ref.set(r.id, r);
  }
  return ref;
}

/**
 * Coarse class: what a failure analysis of fig3c cares about — a global minimum, a non-global
 * minimum (smooth or at kinks: the two labels trade places when a run stops a hair to either side
 * of a kink), a degenerate end point (flat directions, kink-stationary), or an uncertified one.
 */
export function coarseClass(c: string | null): string {
  if (c === 'local-min' || c === 'kink-min') return 'minimum';
  if (c === 'flat' || c === 'kink-stationary') return 'degenerate';
  if (c === 'global-min') return c;
  return 'uncertified';
}

const rate = (k: number, n: number) => ({ k, n, fraction: n ? k / n : NaN, wilson95: wilsonInterval(k, n) });

export function compare(runs: readonly RunLine[], ref: Map<string, RunLine>) {
  const widths = [...new Set(runs.map((r) => r.width))].sort((a, b) => a - b);
  const rows = widths.map((width) => {
    const pairs = runs.filter((r) => r.width === width && ref.has(r.id)).map((r) => [ref.get(r.id)!, r] as const);
    const n = pairs.length;
    const bitIdentical = pairs.filter(([a, b]) => Object.is(a.loss, b.loss) && a.steps === b.steps).length;
    const sameClass = pairs.filter(([a, b]) => a.classification === b.classification).length;
    const sameOutcome = pairs.filter(([a, b]) => outcomeClass(a.loss) === outcomeClass(b.loss)).length;
    const sameCoarse = pairs.filter(([a, b]) => coarseClass(a.classification) === coarseClass(b.classification)).length;
    const cpu = pairs.map(([, b]) => b.cpuSeconds).filter((s): s is number => typeof s === 'number');
    const budget = pairs.filter(([, b]) => b.steps >= 29000).length;
    // Class changed but the loss agrees to 1e-6 (relative): the same critical level, labelled otherwise.
    const relabelled = pairs.filter(([a, b]) => a.classification !== b.classification && Math.abs(a.loss - b.loss) <= 1e-6 * Math.max(a.loss, b.loss)).length;
    // The reference's step-budget tail (≥ 29,000 flow steps): how the perturbation or fix treats it.
    const tail = pairs.filter(([a]) => a.steps >= 29000);
    return {
      width,
      matched: n,
      bitIdentical,
      sameClass: rate(sameClass, n),
      sameOutcome: rate(sameOutcome, n),
      sameCoarseClass: rate(sameCoarse, n),
      stepsAtLeast29000: budget,
      relabelledSameLoss: relabelled,
      referenceTail: { runs: tail.length, sameClass: tail.filter(([a, b]) => a.classification === b.classification).length, sameOutcome: tail.filter(([a, b]) => outcomeClass(a.loss) === outcomeClass(b.loss)).length },
      cpuSeconds: cpu.length
        ? { mean: cpu.reduce((s, x) => s + x, 0) / cpu.length, median: quantile(cpu, 0.5), p90: quantile(cpu, 0.9), total: cpu.reduce((s, x) => s + x, 0) }
        : null,
      disagreements: pairs
        .filter(([a, b]) => a.classification !== b.classification || outcomeClass(a.loss) !== outcomeClass(b.loss))
        .map(([a, b]) => ({ seed: a.seed, before: a.classification, after: b.classification, lossBefore: a.loss, lossAfter: b.loss, stepsBefore: a.steps, stepsAfter: b.steps })),
    };
  });
  const sum = (f: (r: (typeof rows)[number]) => number) => rows.reduce((s, r) => s + f(r), 0);
  const n = sum((r) => r.matched);
  return {
    widths: rows,
    all: { matched: n, bitIdentical: sum((r) => r.bitIdentical), sameClass: rate(sum((r) => r.sameClass.k), n), sameOutcome: rate(sum((r) => r.sameOutcome.k), n), sameCoarseClass: rate(sum((r) => r.sameCoarseClass.k), n) },
  };
}

function main(): void {
  const [runsArg, refArg] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  if (!runsArg || !refArg) throw new Error('usage: fig3cNoiseCompare.ts RUNS.jsonl[,MORE] REF_DIR[,REF_DIR…] [--json]');
  const runs = runsArg.split(',').flatMap(readLines);
  const result = compare(runs, readReference(refArg.split(',')));
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(result, null, 1));
    return;
  }
  const pct = (r: { k: number; n: number; wilson95: { low: number; high: number } }) =>
    `${r.k}/${r.n} [${(100 * r.wilson95.low).toFixed(1)}, ${(100 * r.wilson95.high).toFixed(1)}] %`;
  for (const w of result.widths) {
    const cpu = w.cpuSeconds ? `cpu mean ${w.cpuSeconds.mean.toFixed(3)} median ${w.cpuSeconds.median.toFixed(3)} p90 ${w.cpuSeconds.p90.toFixed(3)}` : '';
    const t = w.referenceTail;
    console.log(`m=${w.width} n=${w.matched} bit=${w.bitIdentical} class ${pct(w.sameClass)} (relabelled at same L: ${w.relabelledSameLoss}) coarse ${pct(w.sameCoarseClass)} outcome ${pct(w.sameOutcome)} ≥29k steps ${w.stepsAtLeast29000}; ref tail ${t.runs}: class ${t.sameClass} outcome ${t.sameOutcome}; ${cpu}`);
    for (const d of w.disagreements)
      console.log(`   ${d.seed}: ${d.before} → ${d.after}  L ${d.lossBefore.toExponential(4)} → ${d.lossAfter.toExponential(4)}  steps ${d.stepsBefore} → ${d.stepsAfter}`);
  }
  console.log(`all n=${result.all.matched} bit=${result.all.bitIdentical} class ${pct(result.all.sameClass)} coarse ${pct(result.all.sameCoarseClass)} outcome ${pct(result.all.sameOutcome)}`);
}

if (process.argv[1]?.endsWith('fig3cNoiseCompare.ts')) main();

/**
 * Compare two fig3c-scaling recipe folders run on the same seeds (issue 12, "Speed and scale"):
 * per width, how many runs end with the same classification, the runs that do not (with their
 * loss levels), and seconds per run (mean / median / p90 / max, the runs.jsonl `seconds` field:
 * training time) before and after. Runs are matched by id; runs only in one folder are counted.
 *
 *   npx tsx scripts/fig3cTailCheck.ts BEFORE_DIR AFTER_DIR [MORE_AFTER_DIR…] [--json]
 *
 * (More than one AFTER folder: their runs are pooled, e.g. one folder per width run side by side.)
 * Exit status 1 when the overall class agreement is below 99 %.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { quantile } from '../native-workers/engine';

interface Run {
  readonly id: string;
  readonly width: number;
  readonly seed: number;
  readonly loss: number;
  readonly classification: string | null;
  readonly stoppedBy: string;
  readonly seconds: number;
}

function readRuns(dir: string): Map<string, Run> {
  const runs = new Map<string, Run>();
  for (const line of readFileSync(join(dir, 'runs.jsonl'), 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const r = JSON.parse(line) as Run;
    runs.set(r.id, r);
  }
  return runs;
}

interface TimeStats {
  readonly mean: number;
  readonly median: number;
  readonly p90: number;
  readonly max: number;
}

function timeStats(seconds: readonly number[]): TimeStats {
  if (seconds.length === 0) return { mean: NaN, median: NaN, p90: NaN, max: NaN };
  return {
    mean: seconds.reduce((a, b) => a + b, 0) / seconds.length,
    median: quantile(seconds, 0.5),
    p90: quantile(seconds, 0.9),
    max: Math.max(...seconds),
  };
}

interface WidthComparison {
  readonly width: number;
  readonly matched: number;
  readonly agree: number;
  readonly onlyBefore: number;
  readonly onlyAfter: number;
  readonly before: TimeStats;
  readonly after: TimeStats;
  readonly disagreements: { seed: number; before: string | null; after: string | null; lossBefore: number; lossAfter: number }[];
}

function compareRuns(before: Map<string, Run>, after: Map<string, Run>): WidthComparison[] {
  const widths = [...new Set([...before.values(), ...after.values()].map((r) => r.width))].sort((a, b) => a - b);
  return widths.map((width) => {
    const b = [...before.values()].filter((r) => r.width === width);
    const a = [...after.values()].filter((r) => r.width === width);
    const pairs = b.flatMap((r) => {
      const other = after.get(r.id);
      return other ? [[r, other] as const] : [];
    });
    const disagreements = pairs
      .filter(([x, y]) => x.classification !== y.classification)
      .map(([x, y]) => ({ seed: x.seed, before: x.classification, after: y.classification, lossBefore: x.loss, lossAfter: y.loss }));
    return {
      width,
      matched: pairs.length,
      agree: pairs.length - disagreements.length,
      onlyBefore: b.length - pairs.length,
      onlyAfter: a.filter((r) => !before.has(r.id)).length,
      before: timeStats(pairs.map(([x]) => x.seconds)),
      after: timeStats(pairs.map(([, y]) => y.seconds)),
      disagreements,
    };
  });
}

function main(argv: readonly string[]): number {
  const dirs = argv.filter((a) => !a.startsWith('--'));
  if (dirs.length < 2) {
    process.stderr.write('usage: npx tsx scripts/fig3cTailCheck.ts BEFORE_DIR AFTER_DIR [MORE_AFTER_DIR…] [--json]\n');
    return 2;
  }
  const after = new Map<string, Run>();
  for (const dir of dirs.slice(1)) for (const [id, r] of readRuns(dir)) after.set(id, r);
  const rows = compareRuns(readRuns(dirs[0]), after);
  const matched = rows.reduce((s, r) => s + r.matched, 0);
  const agree = rows.reduce((s, r) => s + r.agree, 0);
  const overall = matched > 0 ? agree / matched : NaN;
  if (argv.includes('--json')) {
    process.stdout.write(JSON.stringify({ widths: rows, matched, agree, agreement: overall }, null, 2) + '\n');
    return overall >= 0.99 ? 0 : 1;
  }
  const t = (s: TimeStats) => `${s.mean.toFixed(3)} ${s.median.toFixed(3)} ${s.p90.toFixed(3)} ${s.max.toFixed(2)}`.padEnd(26);
  const lines = [
    'width  runs  same class        seconds before (mean median p90 max)   seconds after (mean median p90 max)',
    ...rows.map(
      (r) =>
        `${String(r.width).padEnd(6)} ${String(r.matched).padEnd(5)} ${`${r.agree} (${((100 * r.agree) / Math.max(1, r.matched)).toFixed(1)} %)`.padEnd(17)} ${t(r.before)}             ${t(r.after)}` +
        (r.onlyBefore || r.onlyAfter ? `  (unmatched: ${r.onlyBefore} before, ${r.onlyAfter} after)` : ''),
    ),
    `overall: ${agree}/${matched} same class (${(100 * overall).toFixed(2)} %; needed ≥ 99 %)`,
  ];
  const diffs = rows.flatMap((r) => r.disagreements.map((d) => ({ width: r.width, ...d })));
  if (diffs.length > 0) {
    lines.push('disagreements:');
    for (const d of diffs)
      lines.push(`  m=${d.width} seed ${d.seed}: ${d.before} (L = ${d.lossBefore.toExponential(4)}) → ${d.after} (L = ${d.lossAfter.toExponential(4)})`);
  }
  process.stdout.write(lines.join('\n') + '\n');
  return overall >= 0.99 ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));

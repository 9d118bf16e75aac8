/**
 * Batch summaries computed from the runs themselves (pure): success fraction with its Wilson
 * score interval, class counts, a histogram of final log₁₀ loss, per-width rows, status text.
 */
import type { RunSummary } from '../../../contract/runs';

/** z for a two-sided 95 % interval (Φ⁻¹(0.975)). */
export const Z95 = 1.959963984540054;

export interface Interval {
  readonly p: number;
  readonly lo: number;
  readonly hi: number;
}

/**
 * Wilson score interval for k successes in n trials (Wilson 1927):
 * centre = (p̂ + z²/2n)/(1 + z²/n), half-width = z·√(p̂(1−p̂)/n + z²/4n²)/(1 + z²/n).
 * Unlike p̂ ± z·√(p̂(1−p̂)/n) it stays inside [0, 1] and is not degenerate at k = 0 or k = n.
 */
export function wilson(k: number, n: number, z = Z95): Interval {
  if (!Number.isInteger(k) || !Number.isInteger(n) || n < 1 || k < 0 || k > n) throw new Error(`wilson: need integers 0 ≤ k ≤ n, n ≥ 1 (got k = ${k}, n = ${n})`);
  const p = k / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  // At k = 0 (k = n) the lower (upper) root is exactly 0 (1); rounding would leave ±1 ulp.
  return { p, lo: k === 0 ? 0 : Math.max(0, centre - half), hi: k === n ? 1 : Math.min(1, centre + half) };
}

/**
 * One word for how a run ended: its certified class. Reaching the loss target (`success`) is the
 * class `global-min` (the analysis uses the same target), so both read 'global-min' — one word.
 */
export function runOutcome(r: RunSummary): string {
  if (r.result.success) return 'global-min';
  return r.result.classification ?? r.result.stoppedBy;
}

export function classCounts(runs: readonly RunSummary[]): { outcome: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const r of runs) counts.set(runOutcome(r), (counts.get(runOutcome(r)) ?? 0) + 1);
  return [...counts.entries()].map(([outcome, count]) => ({ outcome, count })).sort((a, b) => b.count - a.count || a.outcome.localeCompare(b.outcome));
}

/** log₁₀ of a loss, with exact zeros placed at the float64 floor (−324 would stretch every axis). */
export function log10Loss(loss: number): number {
  return Math.log10(Math.max(loss, 1e-300));
}

export interface HistogramBin {
  /** Inclusive lower and exclusive upper edge in log₁₀ loss (the last bin includes its upper edge). */
  readonly lo: number;
  readonly hi: number;
  readonly runIds: string[];
}

/** Bins of width `binWidth` decades, aligned to whole multiples of it, spanning every run. */
export function lossHistogram(runs: readonly RunSummary[], binWidth = 1): HistogramBin[] {
  if (runs.length === 0) return [];
  const values = runs.map((r) => log10Loss(r.result.finalLoss));
  const first = Math.floor(Math.min(...values) / binWidth);
  const last = Math.max(first, Math.floor(Math.max(...values) / binWidth));
  const bins: HistogramBin[] = [];
  for (let b = first; b <= last; b++) bins.push({ lo: b * binWidth, hi: (b + 1) * binWidth, runIds: [] });
  runs.forEach((r, i) => {
    const at = Math.min(bins.length - 1, Math.floor(values[i] / binWidth) - first);
    bins[at].runIds.push(r.runId);
  });
  return bins;
}

export interface WidthRow {
  readonly width: number;
  readonly runs: number;
  readonly successes: number;
  readonly interval: Interval;
  readonly bestLoss: number;
  readonly bestRunId: string;
}

export function perWidth(runs: readonly RunSummary[]): WidthRow[] {
  const groups = new Map<number, RunSummary[]>();
  for (const r of runs) groups.set(r.spec.width, [...(groups.get(r.spec.width) ?? []), r]);
  return [...groups.entries()]
    .sort(([a], [b]) => a - b)
    .map(([width, group]) => {
      const successes = group.filter((r) => r.result.success).length;
      const best = group.reduce((m, r) => (r.result.finalLoss < m.result.finalLoss ? r : m));
      return { width, runs: group.length, successes, interval: wilson(successes, group.length), bestLoss: best.result.finalLoss, bestRunId: best.runId };
    });
}

const percent = (x: number): string => `${Math.round(100 * x)}%`;

/** How the batch went, in words: "200 runs finished, 102 succeeded (51%, 95% CI 44–58%)". */
export function batchStatusText(opts: { finished: number; successes: number; seedCount: number; active: boolean; cancelled: boolean }): string {
  const { finished, successes, seedCount, active, cancelled } = opts;
  const runsWord = (n: number) => `${n} run${n === 1 ? '' : 's'}`;
  const tally = finished > 0 ? (() => {
    const w = wilson(successes, finished);
    return `${successes} succeeded (${percent(w.p)}, 95% CI ${Math.round(100 * w.lo)}–${percent(w.hi)})`;
  })() : 'none finished yet';
  if (active) return `running: ${finished} of ${runsWord(seedCount)} finished, ${tally}`;
  if (cancelled) return `cancelled after ${finished} of ${runsWord(seedCount)}, ${tally}`;
  if (finished < seedCount) return `stopped: ${finished} of ${runsWord(seedCount)} finished (the rest were cancelled or interrupted), ${tally}`;
  return `${runsWord(finished)} finished, ${tally}`;
}

/**
 * Outcome classes and per-group result tables of the statistics recipes (issue 12, "Numerics"):
 * success L < SUCCESS_LOSS (1e-25); failure L ≥ 1e-6; in between `undecided` — neither a global
 * minimum nor a certified failure (the 1e-13 < L < 1e-6 band lies inside it; it is counted
 * separately too). Success fractions are given both ways (undecided as failure / as success),
 * each with its Wilson 95 % interval, the ODE budget used and the count of budget-stopped runs.
 */
import { SUCCESS_LOSS } from '../core/success';
import { wilsonInterval } from './wilson';

export const FAILURE_LOSS = 1e-6;
export const UNDECIDED_BAND = { low: 1e-13, high: 1e-6 } as const;
export const OUTCOME_CLASSES = ['success', 'undecided', 'failure'] as const;
export type OutcomeClass = (typeof OUTCOME_CLASSES)[number];

export function outcomeClass(loss: number): OutcomeClass {
  if (!(loss >= 0)) throw new RangeError(`loss must be a non-negative number, got ${loss}`);
  if (loss < SUCCESS_LOSS) return 'success';
  return loss < FAILURE_LOSS ? 'undecided' : 'failure';
}

/** What a statistics table needs from one finished run. */
export interface RunOutcome {
  readonly loss: number;
  readonly classification: string | null;
  /** The trainer's stop reasons, e.g. `flow: max-steps; polish: converged`. */
  readonly stoppedBy: string;
  readonly seconds: number;
}

/** A flow phase stopped by its step or ODE-time budget (not by convergence). */
export function budgetStopped(stoppedBy: string): boolean {
  return /flow[^:;]*: (max-steps|max-time)/.test(stoppedBy);
}

export interface OutcomeSummary {
  runs: number;
  successes: number;
  undecided: number;
  /** Runs with 1e-13 < L < 1e-6 (the band). */
  undecidedBand: number;
  failures: number;
  /** Undecided counted as failures. */
  successFraction: number;
  successInterval: { low: number; high: number };
  /** Undecided counted as successes. */
  successFractionLenient: number;
  successIntervalLenient: { low: number; high: number };
  failureProbability: number;
  failureInterval: { low: number; high: number };
  budgetStopped: number;
  classifications: Record<string, number>;
  meanSeconds: number;
  p90Seconds: number;
}

export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const at = Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1));
  return s[at];
}

export function summarizeOutcomes(runs: readonly RunOutcome[]): OutcomeSummary {
  const n = runs.length;
  let successes = 0;
  let undecided = 0;
  let undecidedBand = 0;
  let stopped = 0;
  const classifications: Record<string, number> = {};
  for (const r of runs) {
    const c = outcomeClass(r.loss);
    if (c === 'success') successes++;
    if (c === 'undecided') undecided++;
    if (r.loss > UNDECIDED_BAND.low && r.loss < UNDECIDED_BAND.high) undecidedBand++;
    if (budgetStopped(r.stoppedBy)) stopped++;
    const key = r.classification ?? 'unclassified';
    classifications[key] = (classifications[key] ?? 0) + 1;
  }
  const failures = n - successes - undecided;
  const strict = wilsonInterval(successes, n);
  const fail = wilsonInterval(n - successes, n);
  const seconds = runs.map((r) => r.seconds);
  return {
    runs: n,
    successes,
    undecided,
    undecidedBand,
    failures,
    successFraction: n ? successes / n : NaN,
    successInterval: strict,
    successFractionLenient: n ? (successes + undecided) / n : NaN,
    successIntervalLenient: wilsonInterval(successes + undecided, n),
    failureProbability: n ? (n - successes) / n : NaN,
    failureInterval: fail,
    budgetStopped: stopped,
    classifications,
    meanSeconds: n ? seconds.reduce((a, b) => a + b, 0) / n : NaN,
    p90Seconds: quantile(seconds, 0.9),
  };
}

/** What a recipe is to the runner: parameters, a run list, one run's work, and the summary/figure. */
import type { PlannedRun } from '../../native-workers/engine';

export type RecipeParams = Record<string, number | string | boolean | number[]>;

/** One finished run as stored in runs.jsonl and recipe.json (timing fields are `seconds` only). */
export interface RunRecord {
  readonly id: string;
  readonly condition: string;
  readonly width: number;
  readonly seed: number;
  readonly loss: number;
  readonly gradNorm: number;
  readonly classification: string | null;
  readonly stoppedBy: string;
  readonly steps: number;
  readonly odeTime: number | null;
  /** Wall-clock seconds of this run (the only field that differs between identical reruns). */
  readonly seconds: number;
  readonly finalTheta: number[];
  /** Per-run arrays a recipe keeps (loss curve, weight trajectory …), by name; absent for `train` runs. */
  readonly extra?: Record<string, number[]>;
}

/** A run's work: what the in-thread executor or a pool worker computes. */
export interface RunJob {
  readonly planned: PlannedRun;
  /** The `train` task payload (contract/tasks.ts); ignored when `compute` is given. */
  readonly payload: unknown;
  /**
   * A run that is not a plain `train` task (e.g. split-at-init with time-scale compensation and a
   * recorded trajectory); `stopped` is polled by the trainer. The in-thread executor calls it here;
   * the pool executor sends a planned one to a worker as a `recipeRun` task (the worker replans the
   * recipe and calls it there), so it must depend only on the recipe's parameters. `progress`
   * (0..1 of this run) is how a long computed run (fig5's exploration) shows that it moves.
   */
  readonly compute?: (stopped: () => boolean, progress: (fraction: number) => void) => RunRecord;
}

export interface RecipeOutput {
  /** Numbers for recipe.json's `summary` (tables, p₀, bounds …). */
  readonly summary: Record<string, unknown>;
  /** Arrays for data.npz (name → data + shape). */
  readonly arrays: { name: string; data: Float64Array; shape: number[] }[];
  readonly svg: string;
  /** Plain-text table for the terminal. */
  readonly table: string;
}

export interface RecipeDefinition {
  readonly name: string;
  readonly version: number;
  readonly summary: string;
  /** The paper's caption / what to compare with. */
  readonly caption: string;
  /** Parameter defaults (the paper's scale). */
  readonly defaults: RecipeParams;
  /** Checks and completes user parameters (throws RecipeError in the user's words). */
  resolve(given: Partial<RecipeParams>): RecipeParams;
  /** The runs (empty for a compute-only recipe). */
  plan(params: RecipeParams): RunJob[];
  /**
   * Runs implied by finished runs (a two-stage recipe: fig3a's winning tickets → grown runs). Called
   * with the runs finished so far (plan order); returns every job they imply, each time (the runner
   * adds those it does not have yet, runs them, and asks again until nothing is new). Absent: the
   * plan is static. Must depend only on `plan` runs' results, so shards and gather agree.
   */
  extend?(params: RecipeParams, runs: readonly RunRecord[]): RunJob[];
  /** Summary, data and figure from the finished runs (in plan order). */
  finish(params: RecipeParams, runs: readonly RunRecord[]): RecipeOutput;
}

export class RecipeError extends Error {
  override name = 'RecipeError';
  readonly code = 'input' as const;
}

/** Shared types of the trainers (gradient descent, Adam, gradient flow, minimizers, polish). */

export class TrainError extends Error {
  override name = 'TrainError';
}

export const STOP_REASONS = [
  'loss-target',
  'grad-floor',
  'patience',
  'max-steps',
  'max-time',
  'diverged',
  'non-finite',
  'stopped',
  'converged',
] as const;

/**
 * Why a run ended: loss below target; ‖∇L‖ below the floor; no improvement of the best loss for
 * `patience` steps; step or ODE-time budget spent; ‖θ‖ ran away without loss decrease
 * ("channel to infinity"); a NaN/Infinity appeared; shouldStop() returned true; a Newton step
 * predicted a decrease below rounding level (1e-13 of the loss): converged to a critical point.
 */
export type StopReason = (typeof STOP_REASONS)[number];

/** What the trainers minimize: any smooth (or piecewise smooth) function of a flat vector. */
export interface Objective {
  readonly dimension: number;
  loss(theta: Float64Array): number;
  /** Fills grad with ∇L(θ) and returns L(θ). */
  lossAndGradient(theta: Float64Array, grad: Float64Array): number;
  /** Row-major dimension² Hessian. May return a reused buffer: copy it to keep it. */
  hessian(theta: Float64Array): Float64Array;
  /** False for ReLU networks (piecewise smooth; see notes/relu-gradient-flow.md). */
  readonly smooth: boolean;
}

export interface ProgressInfo {
  readonly step: number;
  /** ODE time for gradient flow, Σ lr for gradient descent, iterations otherwise. */
  readonly time: number;
  readonly loss: number;
  readonly bestLoss: number;
  readonly gradNorm: number;
  readonly phase: string;
}

export interface TrainControl {
  /** Called every `progressEvery` steps and at the end; fraction ∈ [0,1] of the budget used. */
  readonly onProgress?: (fraction: number, info: ProgressInfo) => void;
  /** Polled once per step; returning true ends the run with stoppedBy 'stopped'. */
  readonly shouldStop?: () => boolean;
  /** Steps between onProgress calls. Default 50. */
  readonly progressEvery?: number;
}

export interface StoppingOptions {
  /** Stop when the loss falls below this (plain MSE). Default 1e-25. */
  readonly lossTarget?: number;
  /** Stop when ‖∇L‖ falls below this. Default 0 (off: loss target, stall or convergence tests end runs). */
  readonly gradFloor?: number;
  /** Stop after this many steps without the best loss improving (relative 1e-12). */
  readonly patience?: number;
  readonly maxSteps?: number;
  /** Budget in the trainer's time unit (ODE time for gradient flow). */
  readonly maxTime?: number;
  /** ‖θ‖ beyond which the run counts as diverged. Default 1e8. */
  readonly divergenceNorm?: number;
}

export interface TrajectoryOptions {
  /** Upper bound on recorded θ snapshots (log-spaced in time). Default 120. */
  readonly snapshots?: number;
  /** Upper bound on dense loss-curve points (decimated evenly as the run grows). Default 4000. */
  readonly curvePoints?: number;
  /** Smallest positive time on the log grid. Default 1e-3 (flow) or 1 (iterations). */
  readonly firstTime?: number;
}

export interface Trajectory {
  readonly timeUnit: 'ode' | 'step';
  /** Snapshot times (first 0, last the end of the run), ascending. */
  readonly times: number[];
  readonly losses: number[];
  readonly thetas: Float64Array[];
  /** Dense loss curve: every step until decimated to at most curvePoints. */
  readonly curve: { readonly times: number[]; readonly losses: number[] };
}

export interface EvaluationCounts {
  loss: number;
  gradient: number;
  hessian: number;
}

export interface TrainResult {
  readonly method: string;
  /** The best point seen (lowest loss). */
  readonly theta: Float64Array;
  readonly loss: number;
  readonly gradNorm: number;
  /** The point where the run ended (may differ from theta when the loss went up). */
  readonly finalTheta: Float64Array;
  readonly steps: number;
  readonly time: number;
  readonly stoppedBy: StopReason;
  readonly trajectory: Trajectory;
  readonly evaluations: EvaluationCounts;
  /** Remarks on the run, e.g. implicit-solver fallbacks at ReLU kinks. */
  readonly notes: string[];
}

import type { SpectrumOptions } from './spectrum';
/** Types of the critical-point analysis (see analyze.ts for the classification rules). */

export const CLASSIFICATIONS = [
  'global-min',
  'local-min',
  'strict-saddle',
  'flat',
  'kink-min',
  'kink-stationary',
  'not-critical',
] as const;

export type Classification = (typeof CLASSIFICATIONS)[number];

export class AnalysisError extends Error {
  override name = 'AnalysisError';
}

export interface AnalyzeOptions {
  /** Loss below which the point counts as a global minimum (plain MSE units). Default 1e-25. */
  readonly lossTarget?: number;
  /** Critical when ‖∇L‖ ≤ gradRelTolerance·max(1, max|λ|). Default 1e-8. */
  readonly gradRelTolerance?: number;
  /** Absolute critical threshold; overrides gradRelTolerance when given. */
  readonly gradTolerance?: number;
  /**
   * Critical also needs the Newton model decrease ½Σ (vₖ·∇L)²/max(|λₖ|, zeroThreshold) to be at
   * most this fraction of the loss (a small gradient along a nearly flat direction can still
   * mean a long way down, e.g. along a channel to infinity). Default 1e-10.
   */
  readonly decrementRelTolerance?: number;
  /** An eigenvalue counts as zero when |λ| ≤ zeroRelTolerance·max|λ|. Default 1e-9. */
  readonly zeroRelTolerance?: number;
  /** Pre-activation |z| ≤ kinkRelTolerance·(‖w‖‖x‖+|b|) counts as sitting on a ReLU kink. Default 1e-9. */
  readonly kinkRelTolerance?: number;
  /** How many escape directions (eigenvectors of the most negative eigenvalues) to return. Default 8. */
  readonly maxEscapeDirections?: number;
  /** A precomputed Hessian at this point (P×P row-major) to skip recomputing it. */
  readonly hessian?: Float64Array;
  /** Dense or extremal spectrum (analysis/spectrum.ts); default: dense up to 2,000 parameters. */
  readonly spectrum?: SpectrumOptions;
}

export interface EscapeDirection {
  /** Its (negative) curvature. */
  readonly eigenvalue: number;
  /** Unit vector in parameter space (same layout as θ). */
  readonly vector: Float64Array;
}

export interface UnitRef {
  /** Index of the hidden layer in architecture.layers (0 = first hidden layer). */
  readonly layer: number;
  readonly unit: number;
}

export interface KinkRef extends UnitRef {
  /** Samples on which this unit's pre-activation sits at the kink. */
  readonly samples: readonly number[];
}

export interface ClarkeReport {
  /** Number of (unit, sample) kink constraints used. */
  readonly constraints: number;
  /** min over the Clarke generalized gradient of ‖g‖ (0 ⇔ Clarke stationary). */
  readonly residual: number;
  /** Multipliers μₖ ∈ [0,1] (position of the one-sided derivative chosen on each kink). */
  readonly multipliers: Float64Array;
  /** Eigenvalues of the Hessian restricted to the kink manifold's tangent space, ascending. */
  readonly reducedEigenvalues: Float64Array;
  readonly stationary: boolean;
  /**
   * Signed jump κₖ‖cₖ‖ of each constraint's directional derivative across its kink: > 0 convex
   * (a V), < 0 concave (a Λ, a descent direction exists whatever the multiplier).
   */
  readonly jumps: Float64Array;
  /** Constraints whose jump exceeds the gradient threshold and is concave. */
  readonly concaveKinks: number;
}

export interface PointAnalysis {
  readonly classification: Classification;
  /** One sentence saying why, with the numbers that decided it. */
  readonly reason: string;
  readonly loss: number;
  readonly gradNorm: number;
  readonly parameterCount: number;
  /** All Hessian eigenvalues, ascending (or the reduced ones at a kink point: see clarke). */
  readonly eigenvalues: Float64Array;
  /**
   * 'full': `eigenvalues` are all P. 'partial': the `smallestCount` lowest, then the highest few
   * (Lanczos on exact HVPs); `indexExact` false when every known low eigenvalue was negative.
   */
  readonly spectrum: { readonly kind: 'full' | 'partial'; readonly smallestCount: number; readonly converged: boolean; readonly matvecs: number; readonly indexExact: boolean };
  /** Number of eigenvalues below −zeroThreshold. */
  readonly index: number;
  /** Number of eigenvalues with |λ| ≤ zeroThreshold. */
  readonly flatCount: number;
  /** How many zero eigenvalues the network's continuous symmetries and dead units explain. */
  readonly symmetryFlatCount: number;
  readonly zeroThreshold: number;
  readonly gradThreshold: number;
  /** ½Σ (vₖ·∇L)²/max(|λₖ|, zeroThreshold): the loss decrease a (regularized) Newton step predicts. */
  readonly newtonDecrement: number;
  readonly minEigenvalue: number;
  readonly maxEigenvalue: number;
  readonly escapeDirections: readonly EscapeDirection[];
  /** ReLU units inactive (pre-activation ≤ 0) on every sample. */
  readonly deadUnits: readonly UnitRef[];
  /** ReLU units active on every sample (linear on the data; their joint redundancy is a symmetry). */
  readonly linearUnits: readonly UnitRef[];
  /** ReLU units whose pre-activation is at the kink on some samples. */
  readonly kinks: readonly KinkRef[];
  /** Total number of (unit, sample) pairs sitting on a kink. */
  readonly kinkSamples: number;
  /** Groups of hidden units with identical incoming weights and bias (split copies). */
  readonly duplicateUnits: readonly (readonly UnitRef[])[];
  /** Present when the point has ReLU kinks and the non-smooth test was run. */
  readonly clarke?: ClarkeReport;
}

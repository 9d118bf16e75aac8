/** Types of the critical-point hierarchy explorer (the paper's Fig. 5; see explore.ts). */
import type { Classification } from '../analysis/types';
import type { InitScheme } from '../core/init';
import type { TrainMethod } from '../train/train';
import type { ActivationName, Dataset } from '../core/types';

export class HierarchyError extends Error {
  override name = 'HierarchyError';
}

/** Trainer settings for every descent (seed runs and escapes); C's trainNetwork options. */
export interface HierarchyTrainOptions {
  /** 'minimize' (default: L-BFGS then trust-region Newton) or 'flow' (gradient flow + polish), 'gd', 'adam'. */
  readonly method?: TrainMethod;
  readonly maxSteps?: number;
  readonly maxTime?: number;
  readonly learningRate?: number;
  /** Extra trust-region Newton steps when a descent ends with ‖∇L‖ > 1e-10. Default 1000; 0 disables. */
  readonly extraPolishSteps?: number;
}

export interface HierarchyOptions {
  readonly data: Dataset;
  /** Hidden activation of the students. */
  readonly activation: ActivationName;
  readonly hiddenBias?: boolean;
  readonly outputBias?: boolean;
  /** Widths to explore, e.g. [2, 3, 4]; seeds are trained at each, splits go from m to m + 1 within the range. */
  readonly widths: readonly number[];
  readonly seedsPerWidth: number;
  /** First init seed (seeds are firstSeed, firstSeed + 1, …). Default 1. */
  readonly firstSeed?: number;
  readonly init?: InitScheme;
  /** Split factors γ (outgoing weight kept by the original copy). Default [0.5]. */
  readonly gammas?: readonly number[];
  /** Step along the escape direction (unit eigenvector of the most negative eigenvalue), both signs. Default 1e-3. */
  readonly nudge?: number;
  /** Plain-MSE loss counting as a global minimum. Default 1e-25. */
  readonly lossTarget?: number;
  /** Relative tolerance for "same point up to permutation / split symmetry". Default 1e-5. */
  readonly dedupTolerance?: number;
  /**
   * Two points that both failed the critical-point test (unfinished descents, units escaping to
   * infinity) are one node when their losses and outputs on the data agree to this (relative). Default 1e-3.
   */
  readonly unconvergedTolerance?: number;
  /**
   * Two degenerate ('flat') points with equal losses are one node when their outputs on the data
   * agree to this (relative RMS): the same plateau saddle or degenerate minimum. Default 1e-6.
   */
  readonly flatTolerance?: number;
  /** Classifications whose points get split. Default ['local-min', 'kink-min', 'kink-stationary', 'flat'] ('flat': degenerate, no negative curvature). */
  readonly splitClasses?: readonly Classification[];
  /** Stop adding nodes beyond this many (the graph is returned as it stands). Default 500. */
  readonly maxNodes?: number;
  readonly train?: HierarchyTrainOptions;
}

export type HierarchyPhase = 'seed' | 'split' | 'escape';

export interface HierarchyProgress {
  /** Rough share of the planned work done, in [0, 1]. */
  readonly fraction: number;
  readonly phase: HierarchyPhase;
  readonly width: number;
  readonly nodes: number;
  readonly edges: number;
  /** Descents (training runs) so far. */
  readonly runs: number;
}

export interface HierarchyCallbacks {
  readonly onProgress?: (progress: HierarchyProgress) => void;
  /** Polled between and inside descents; true ends the exploration with `stopped: true`. */
  readonly shouldStop?: () => boolean;
}

export type NodeOrigin = 'seed' | 'split' | 'escape';

export interface HierarchyNode {
  readonly id: number;
  readonly width: number;
  readonly loss: number;
  readonly gradNorm: number;
  readonly classification: Classification;
  /** Number of negative Hessian eigenvalues. */
  readonly index: number;
  /** Most negative eigenvalue (0 when the spectrum is empty). */
  readonly minEigenvalue: number;
  readonly theta: Float64Array;
  /** How the point was first found. */
  readonly origin: NodeOrigin;
  /** Width after merging duplicate units and dropping units without outgoing weight. */
  readonly reducedWidth: number;
  /** How many descents or splits landed on it (1 + merged duplicates). */
  hits: number;
  /** Init seeds whose runs ended here. */
  readonly seeds: number[];
}

export type EdgeKind = 'split' | 'escape';

export interface HierarchyEdge {
  readonly from: number;
  readonly to: number;
  readonly kind: EdgeKind;
  /** split: the neuron split and γ; escape: the split neuron, γ and nudge sign that led here. */
  readonly neuron: number;
  readonly gamma: number;
  readonly sign?: 1 | -1;
  /** How many times this transition was found. */
  count: number;
}

export interface HierarchyGraph {
  readonly nodes: HierarchyNode[];
  readonly edges: HierarchyEdge[];
  readonly widths: readonly number[];
  readonly runs: number;
  readonly stopped: boolean;
  /** Descents that ended on a point with a higher loss than where they started (no edge drawn). */
  readonly uphill: number;
}

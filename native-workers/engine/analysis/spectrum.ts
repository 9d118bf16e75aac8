/**
 * The Hessian spectrum a point analysis is based on, dense or extremal.
 *
 * - dense: the P×P Hessian (analytic two-layer kernels or P exact HVPs) and a full `eigh` —
 *   every eigenvalue, O(P²) memory, O(P³) time. The default up to `denseLimit` parameters.
 * - extremal: the `smallest` lowest and `largest` highest eigenpairs by block Lanczos with thick
 *   restart (linalg/blockLanczos.ts) on exact Hessian-vector products (Pearlmutter;
 *   derivatives/hvp.ts, b directions per block product) — O(P·k) memory, never forms H.
 *   What it cannot see: eigenvalues between the two ends. So the Morse index is known only when
 *   fewer than `smallest` eigenvalues are negative, and flat directions only when fewer than
 *   `smallest` are near zero; the analysis says so instead of guessing.
 *
 * The dense limit 2,000 comes from `npm run bench` (bench/cases/spectrum.ts): at P = 2,000 the
 * dense Hessian is 32 MB and dense + eigh takes seconds, while 15 extremal pairs cost a few
 * hundred HVPs; beyond it the dense path grows as P³ and P² bytes.
 */
import { hessian as fullHessian } from '../derivatives/hessian';
import { HvpEngine, type BlockHvpEvaluator } from '../derivatives/hvp';
import { eigh } from '../linalg/eigh';
import { blockLanczos } from '../linalg/blockLanczos';
import { lanczos } from '../linalg/lanczos';
import type { Dataset, Network } from '../core/types';
import { AnalysisError } from './types';

export const SPECTRUM_DEFAULTS = { denseLimit: 2000, smallest: 10, largest: 5, tolerance: 1e-8, blockSize: 2 } as const;

export type SpectrumMode = 'auto' | 'dense' | 'extremal';

export interface SpectrumOptions {
  /** 'auto' (default): dense up to denseLimit parameters, extremal above. */
  readonly mode?: SpectrumMode;
  readonly denseLimit?: number;
  /** Extremal: how many of the lowest / highest eigenpairs (defaults 10 and 5). */
  readonly smallest?: number;
  readonly largest?: number;
  /** Extremal: relative Ritz residual tolerance (default 1e-8 of ‖H‖). */
  readonly tolerance?: number;
  /**
   * Extremal: 'block' (default) — block Krylov–Schur, `blockSize` HVPs per product, repeated
   * eigenvalues found up to multiplicity blockSize; 'lanczos' — single-vector Lanczos restarted
   * from scratch with locking and a verification run (linalg/lanczos.ts, the earlier path).
   */
  readonly solver?: 'block' | 'lanczos';
  /** Extremal, block solver: directions per block product (default 2). */
  readonly blockSize?: number;
  /** A precomputed dense Hessian (forces the dense path). */
  readonly hessian?: Float64Array;
  /** Called with the fraction of the expected work done (extremal path: per HVP; dense: Hessian assembly, then eigh). */
  readonly onProgress?: (fraction: number) => void;
  /** Polled between HVPs; when it returns true the analysis stops with an AnalysisError. */
  readonly shouldStop?: () => boolean;
  /**
   * Extremal: the Hessian-vector products to use, built for this network's architecture and data
   * with blockSize ≥ the solver's (default: an HvpEngine in this thread). The pool passes
   * products sharded across worker threads here; `prepare` is called with θ.
   */
  readonly hvp?: BlockHvpEvaluator;
}

export interface PointSpectrum {
  readonly kind: 'full' | 'partial';
  /** Ascending. Full: all P. Partial: the `smallestCount` lowest, then the highest (ascending). */
  readonly values: Float64Array;
  /** values.length × P, row k the unit eigenvector of values[k]. */
  readonly vectors: Float64Array;
  /** How many entries of `values` are the lowest eigenvalues (P when full). */
  readonly smallestCount: number;
  /** The dense Hessian when it was formed (needed by the Clarke analysis of ReLU kinks). */
  readonly hessian: Float64Array | null;
  /** Partial: whether every Ritz pair met the tolerance; full: true. */
  readonly converged: boolean;
  /** Hessian-vector products used (0 for the analytic dense kernels). */
  readonly matvecs: number;
}

/** Bytes of a dense P×P float64 Hessian plus its eigenvectors: what the dense path allocates. */
export function denseSpectrumBytes(P: number): number {
  return 2 * 8 * P * P;
}

/** Which path `pointSpectrum` takes for P parameters with these options. */
export function spectrumPath(P: number, options: Pick<SpectrumOptions, 'mode' | 'denseLimit' | 'hessian'> = {}): 'dense' | 'extremal' {
  const mode = options.mode ?? 'auto';
  const denseLimit = options.denseLimit ?? SPECTRUM_DEFAULTS.denseLimit;
  return options.hessian !== undefined || mode === 'dense' || (mode === 'auto' && P <= denseLimit) ? 'dense' : 'extremal';
}

export function pointSpectrum(network: Network, data: Dataset, options: SpectrumOptions = {}): PointSpectrum {
  const P = network.theta.length;
  if (spectrumPath(P, options) === 'dense') {
    // Progress while the Hessian is assembled (P HVPs for deep nets) and during eigh (seconds at
    // P = 2,000), so the pool's hang timer measures silence, not size.
    const report = options.onProgress;
    const control = {
      ...(report ? { onProgress: (f: number) => report(0.5 * f) } : {}),
      ...(options.shouldStop ? { shouldStop: options.shouldStop } : {}),
    };
    const H = options.hessian ?? fullHessian(network.architecture, network.theta, data, control);
    if (H.length !== P * P) throw new AnalysisError(`hessian has ${H.length} entries, expected ${P * P}`);
    report?.(0.5);
    const spectrum = eigh(H, P, { vectors: true, ...(report ? { onProgress: (f: number) => report(0.5 + 0.5 * f) } : {}) });
    return { kind: 'full', values: spectrum.values, vectors: spectrum.vectors!, smallestCount: P, hessian: H, converged: true, matvecs: 0 };
  }
  return extremalSpectrum(network, data, options);
}

/** Memory for one Lanczos basis (P doubles per vector). */
const KRYLOV_BASIS_BYTES = 256 * 1024 * 1024;

function extremalSpectrum(network: Network, data: Dataset, options: SpectrumOptions): PointSpectrum {
  const P = network.theta.length;
  const smallest = Math.min(options.smallest ?? SPECTRUM_DEFAULTS.smallest, P);
  const largest = Math.min(options.largest ?? SPECTRUM_DEFAULTS.largest, Math.max(P - smallest, 0));
  if (!Number.isInteger(smallest) || smallest < 1) throw new AnalysisError(`smallest must be a whole number ≥ 1, got ${options.smallest}`);
  if (!Number.isInteger(largest) || largest < 0) throw new AnalysisError(`largest must be a whole number ≥ 0, got ${options.largest}`);
  const tolerance = options.tolerance ?? SPECTRUM_DEFAULTS.tolerance;
  const solver = options.solver ?? 'block';
  const blockSize = solver === 'block' ? (options.blockSize ?? SPECTRUM_DEFAULTS.blockSize) : 1;
  if (!Number.isInteger(blockSize) || blockSize < 1 || blockSize > 16) throw new AnalysisError(`blockSize must be a whole number in [1, 16], got ${options.blockSize}`);
  const given = options.hvp;
  if (given && (given.parameterCount !== P || given.blockSize < blockSize))
    throw new AnalysisError(`the given HVP products are for P = ${given.parameterCount} with blocks of ${given.blockSize}; this analysis needs P = ${P} with blocks of ${blockSize}`);
  const engine = given ?? new HvpEngine(network.architecture, data, { block: blockSize });
  engine.prepare(network.theta);
  // Lanczos converges to the lowest eigenvalues slowly when the spectrum is dominated by a few
  // large ones (the usual Hessian picture), so its Krylov space is allowed to grow well past k.
  // The low end gets a 300-vector basis: at 784→30→10 (P = 23,860) single-vector Lanczos took
  // 335 HVPs against 885 with 150, because each restart from scratch loses the Krylov space, and
  // block Krylov–Schur (no restart from scratch, no verification run) 258 HVPs at block size 2,
  // 210 at 1 (bench largeNets, 2026-12-02b).
  // The basis is capped at KRYLOV_BASIS_BYTES so a huge P cannot allocate P × 300 doubles.
  const byMemory = Math.max(2 * smallest + 20, Math.floor(KRYLOV_BASIS_BYTES / (8 * P)));
  const maxIterations = (k: number, floor: number): number => Math.min(P, byMemory, Math.max(6 * k + 60, floor));
  const lowIterations = maxIterations(smallest, 300);
  const highIterations = maxIterations(largest, 150);
  const expected = solver === 'block' ? lowIterations + (largest > 0 ? highIterations / 2 : 0) : lowIterations * 2 + (largest > 0 ? highIterations : 0);
  let matvecs = 0;
  const progress = (): void => options.onProgress?.(Math.min(matvecs / expected, 0.99));
  const stop = (): void => {
    if (options.shouldStop?.()) throw new AnalysisError('analysis cancelled');
  };
  type Ends = { values: Float64Array; vectors: Float64Array; converged: boolean };
  let low: Ends;
  let high: Ends | null = null;
  if (solver === 'block') {
    const block = (V: Float64Array, out: Float64Array, count: number): void => {
      stop();
      engine.applyBlock(V, out, count);
      matvecs += count;
      progress();
    };
    const run = (count: number, which: 'smallest' | 'largest', maxBasis: number): Ends =>
      blockLanczos(block, P, { count, which, tolerance, blockSize: Math.min(blockSize, P), maxBasis: Math.max(maxBasis, count + 2 * blockSize) });
    low = run(smallest, 'smallest', lowIterations);
    if (largest > 0) high = run(largest, 'largest', highIterations);
  } else {
    const matvec = (v: Float64Array, out: Float64Array): void => {
      stop();
      engine.apply(v, out);
      matvecs++;
      progress();
    };
    low = lanczos(matvec, P, { count: smallest, which: 'smallest', tolerance, maxIterations: lowIterations });
    if (largest > 0) high = lanczos(matvec, P, { count: largest, which: 'largest', tolerance, maxIterations: highIterations });
  }
  const count = smallest + (high ? largest : 0);
  const values = new Float64Array(count);
  const vectors = new Float64Array(count * P);
  values.set(low.values, 0);
  vectors.set(low.vectors, 0);
  if (high) {
    values.set(high.values, smallest);
    vectors.set(high.vectors, smallest * P);
  }
  return {
    kind: 'partial',
    values,
    vectors,
    smallestCount: smallest,
    hessian: null,
    converged: low.converged && (high?.converged ?? true),
    matvecs,
  };
}

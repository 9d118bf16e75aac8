import { applyQ } from './applyQ';
import { scalarKernels, type DenseKernels } from './denseKernels';
import { eighKernels } from '../wasm/eighKernels';
import { EighError } from './eighError';
import { tridiagonalEigenDC } from './divideConquer';
import { tridiagonalize } from './tridiagonalize';
import { tridiagonalQL } from './tridiagonalQL';

export interface EighOptions {
  /** Compute eigenvectors too (default true). */
  readonly vectors?: boolean;
  /**
   * Called with the fraction done (0…1) after every panel, merge and back-transform block, so a
   * long decomposition (seconds at n = 2,000) is never silent: a worker's hang timer measures silence.
   */
  readonly onProgress?: (fraction: number) => void;
  /**
   * 'auto' (default): the WebAssembly SIMD kernels (wasm/eighKernels.ts) from n = 24 on when the
   * runtime has them, else plain TS; 'simd': those kernels at every n (tests); 'scalar': always the
   * plain-TS reference path. The result's `backend` says which ran.
   */
  readonly backend?: 'auto' | 'simd' | 'scalar';
}

export interface EighResult {
  /** All n eigenvalues, ascending. */
  readonly values: Float64Array;
  /** n×n; eigenvector k (unit norm) is stored contiguously at [k·n, (k+1)·n). Absent when not requested. */
  readonly vectors?: Float64Array;
  /** Which kernels ran: 'simd' (WebAssembly f64x2) or 'scalar' (plain TS). */
  readonly backend: 'simd' | 'scalar';
}

export { EighError };
export { TridiagonalConvergenceError } from './tridiagonalQL';

/**
 * All eigenpairs of a dense symmetric n×n matrix (row-major). A is not modified; it is used as
 * (A + Aᵀ)/2, so tiny asymmetries (e.g. a Hessian assembled from Hessian-vector products) are
 * averaged out. Pipeline: Householder tridiagonalization, then divide and conquer on the
 * tridiagonal matrix (implicit QL on small blocks / for eigenvalues only), then the blocked
 * back-transformation. Residuals are ~1e-15·‖A‖ and the vectors are orthonormal to ~1e-15.
 * The dense kernels of every stage run as WebAssembly SIMD (wasm/eighKernels.ts) where the runtime
 * has it; the plain-TS path (`backend: 'scalar'`) is the reference they are tested against.
 */
export function eigh(A: Float64Array, n: number, options: EighOptions = {}): EighResult {
  if (!Number.isInteger(n) || n < 0) throw new EighError(`n must be a non-negative integer, got ${n}`);
  if (A.length < n * n) throw new EighError(`A has ${A.length} entries, expected n² = ${n * n}`);
  const wantVectors = options.vectors ?? true;
  const kernels = pickKernels(options.backend ?? 'auto', n, wantVectors);
  const backend = kernels.kind;
  const W = kernels.alloc(n * n);
  let maxAbs = 0;
  // In 32×32 tiles, so that the column reads A[j][i] stay in cache.
  for (let i0 = 0; i0 < n; i0 += 32) {
    for (let j0 = i0; j0 < n; j0 += 32) {
      const iEnd = Math.min(i0 + 32, n);
      const jEnd = Math.min(j0 + 32, n);
      for (let i = i0; i < iEnd; i++) {
        for (let j = Math.max(i, j0); j < jEnd; j++) {
          const a = A[i * n + j];
          const b = A[j * n + i];
          if (!Number.isFinite(a) || !Number.isFinite(b))
            throw new EighError(`A[${i}][${j}] or A[${j}][${i}] is not finite (${a}, ${b})`);
          const x = a === b ? a : 0.5 * a + 0.5 * b;
          W[i * n + j] = x; // upper triangle only: all later stages read j ≥ i
          maxAbs = Math.max(maxAbs, Math.abs(x));
        }
      }
    }
  }
  // Scale by a power of two (exact) into a range where squares neither overflow nor underflow.
  const scale = maxAbs > 0 && (maxAbs < 2 ** -400 || maxAbs > 2 ** 400) ? 2 ** -Math.round(Math.log2(maxAbs)) : 1;
  if (scale !== 1) for (let i = 0; i < n * n; i++) W[i] *= scale;

  // Stage weights measured at n = 2,000: reduction ≈ 30 %, divide and conquer ≈ 20 %, back-transform ≈ 50 %.
  const report = options.onProgress;
  const stage = (from: number, width: number) => (report ? (f: number): void => report(from + width * f) : undefined);
  const { d, e, tau } = tridiagonalize(W, n, stage(0, wantVectors ? 0.3 : 0.95), kernels);
  if (!wantVectors) {
    tridiagonalQL(d, e, 0, n);
    if (scale !== 1) for (let i = 0; i < n; i++) d[i] /= scale;
    report?.(1);
    return { values: d, backend };
  }
  const X = kernels.alloc(n * n);
  tridiagonalEigenDC(d, e, n, X, stage(0.3, 0.2), kernels);
  applyQ(W, tau, n, X, n, stage(0.5, 0.5), kernels);
  if (scale !== 1) for (let i = 0; i < n; i++) d[i] /= scale;
  // SIMD arrays are views of a reused arena: hand out a copy.
  return { values: d, vectors: backend === 'simd' ? X.slice() : X, backend };
}

/** Below this n the TS path is as fast (too little work per kernel call). */
const SIMD_FROM = 24;

function pickKernels(backend: 'auto' | 'simd' | 'scalar', n: number, wantVectors: boolean): DenseKernels {
  if (backend === 'scalar' || (backend === 'auto' && n < SIMD_FROM)) return scalarKernels;
  // Peak arena use: W and X (n² each) plus the largest of the panel work, a divide-and-conquer
  // merge (≤ 3n²) and the back-transform's blocks.
  const doubles = (wantVectors ? 5 * n * n : n * n) + 200 * n + 4096;
  return eighKernels(doubles) ?? scalarKernels;
}

import { applyQ } from './applyQ';
import { scalarKernels, type DenseKernels } from './denseKernels';
import { eighKernels } from '../wasm/eighKernels';
import { EighError } from './eighError';
import { tridiagonalEigenDC } from './divideConquer';
import { tridiagonalize } from './tridiagonalize';
import { tridiagonalQL } from './tridiagonalQL';
import { compactUpper, expandZeroRows, keptRows } from './zeroRows';
import { gatherRows, rowsBySupport, scatterRows } from './rowSupport';

export interface EighOptions {
  /** Compute eigenvectors too (default true). */
  readonly vectors?: boolean;
  /**
   * Split exactly zero rows off before the reduction (zeroRows.ts) when they are ≥ 1/16 of the rows.
   * Default false: it changes the last bits of the other eigenpairs, and the trust-region polish
   * is chaotic at basin boundaries — with it on, 4 of 200 fig3c seeds changed class against the
   * committed fig3c-scaling runs (docs/results/fig3c-solver-fast-2026-12-02.md) — so it is left to
   * callers that want the speed (16 % at n = 81 with 8 zero rows, 2–3 % at n = 201 and 1,001).
   */
  readonly splitZeroRows?: boolean;
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
 * averaged out. On request exactly zero rows are split off first (their eᵢ are eigenvectors, zeroRows.ts).
 * Pipeline: Householder tridiagonalization, then divide and conquer on the tridiagonal matrix
 * (implicit QL on small blocks / for eigenvalues only), then the blocked back-transformation. Residuals are ~1e-15·‖A‖ and the vectors are orthonormal to ~1e-15.
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
  const nonzero = new Uint8Array(n);
  let maxAbs = 0;
  // x − x is 0 for every finite x and NaN otherwise (and (a + b)/2 is finite only if a and b are):
  // one add per entry instead of two Number.isFinite tests; the culprit is looked up on failure.
  let finite = 0;
  // In 32×32 tiles, so that the column reads A[j][i] stay in cache.
  for (let i0 = 0; i0 < n; i0 += 32) {
    for (let j0 = i0; j0 < n; j0 += 32) {
      const iEnd = Math.min(i0 + 32, n);
      const jEnd = Math.min(j0 + 32, n);
      for (let i = i0; i < iEnd; i++) {
        let rowMax = 0;
        for (let j = Math.max(i, j0); j < jEnd; j++) {
          const a = A[i * n + j];
          const b = A[j * n + i];
          const x = a === b ? a : 0.5 * a + 0.5 * b;
          finite += x - x;
          W[i * n + j] = x; // upper triangle only: all later stages read j ≥ i
          if (x !== 0) {
            nonzero[j] = 1;
            rowMax = Math.max(rowMax, Math.abs(x));
          }
        }
        if (rowMax > 0) nonzero[i] = 1;
        maxAbs = Math.max(maxAbs, rowMax);
      }
    }
  }
  if (finite !== 0) throwNotFinite(A, n);
  // Exactly zero rows are eigenvectors eᵢ with eigenvalue 0 (dead ReLU units): solve the rest
  // (zeroRows.ts) when they are at least 1/16 of the rows. Fewer do not pay for the compaction and
  // the scatter: divide and conquer already deflates most of their cost (measured at n = 201 with
  // 4 and n = 1,001 with 20 zero rows: the smaller solve was 2–3 % faster; at n = 81 with 8, 16 %).
  let kept = options.splitZeroRows ? keptRows(nonzero, n) : IDENTITY;
  if ((n - kept.length) * 16 < n) kept = IDENTITY;
  const m = kept === IDENTITY ? n : kept.length;
  if (m < n) compactUpper(W, n, kept);
  // Scale by a power of two (exact) into a range where squares neither overflow nor underflow.
  const scale = maxAbs > 0 && (maxAbs < 2 ** -400 || maxAbs > 2 ** 400) ? 2 ** -Math.round(Math.log2(maxAbs)) : 1;
  if (scale !== 1) for (let i = 0; i < m * m; i++) W[i] *= scale;

  // Stage weights measured at n = 2,000: reduction ≈ 30 %, divide and conquer ≈ 20 %, back-transform ≈ 50 %.
  const report = options.onProgress;
  const stage = (from: number, width: number) => (report ? (f: number): void => report(from + width * f) : undefined);
  const { d, e, tau } = tridiagonalize(W, m, stage(0, wantVectors ? 0.3 : 0.95), kernels);
  if (!wantVectors) {
    tridiagonalQL(d, e, 0, m);
    if (scale !== 1) for (let i = 0; i < m; i++) d[i] /= scale;
    report?.(1);
    return { values: m < n ? expandZeroRows(d, null, n, kept).values : d, backend };
  }
  const X = kernels.alloc(m * m);
  tridiagonalEigenDC(d, e, m, X, stage(0.3, 0.2), kernels);
  // Rows with trailing zeros (deflated in a merge) skip the reflectors that cannot reach them.
  const bySupport = rowsBySupport(X, m, m);
  let V: Float64Array;
  if (bySupport) {
    const sorted = kernels.alloc(m * m, false);
    gatherRows(X, sorted, bySupport.order, m);
    applyQ(W, tau, m, sorted, m, stage(0.5, 0.5), kernels, bySupport.supportEnd);
    V = new Float64Array(m * m);
    scatterRows(sorted, V, bySupport.order, m);
  } else {
    applyQ(W, tau, m, X, m, stage(0.5, 0.5), kernels);
    // SIMD arrays are views of a reused arena: hand out a copy.
    V = backend === 'simd' ? X.slice() : X;
  }
  if (scale !== 1) for (let i = 0; i < m; i++) d[i] /= scale;
  if (m < n) return { ...expandZeroRows(d, V, n, kept), backend };
  return { values: d, vectors: V, backend };
}

function throwNotFinite(A: Float64Array, n: number): never {
  for (let i = 0; i < n; i++)
    for (let j = i; j < n; j++) {
      const a = A[i * n + j];
      const b = A[j * n + i];
      if (!Number.isFinite(a) || !Number.isFinite(b) || !Number.isFinite(0.5 * a + 0.5 * b))
        throw new EighError(`A[${i}][${j}] or A[${j}][${i}] is not finite (${a}, ${b})`);
    }
  throw new EighError('A is not finite');
}

/** Marks "no rows removed". */
const IDENTITY = new Int32Array(0);

/** Below this n the TS path is as fast (too little work per kernel call). */
const SIMD_FROM = 24;

function pickKernels(backend: 'auto' | 'simd' | 'scalar', n: number, wantVectors: boolean): DenseKernels {
  if (backend === 'scalar' || (backend === 'auto' && n < SIMD_FROM)) return scalarKernels;
  // Peak arena use: W and X (n² each) plus the largest of the panel work, a divide-and-conquer
  // merge (≤ 3n²) and the back-transform's blocks with the row-sorted copy of X (n²).
  const doubles = (wantVectors ? 5 * n * n : n * n) + 200 * n + 4096;
  return eighKernels(doubles) ?? scalarKernels;
}

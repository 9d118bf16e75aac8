import { applyQ } from './applyQ';
import { EighError } from './eighError';
import { tridiagonalEigenDC } from './divideConquer';
import { tridiagonalize } from './tridiagonalize';
import { tridiagonalQL } from './tridiagonalQL';

export interface EighOptions {
  /** Compute eigenvectors too (default true). */
  readonly vectors?: boolean;
}

export interface EighResult {
  /** All n eigenvalues, ascending. */
  readonly values: Float64Array;
  /** n×n; eigenvector k (unit norm) is stored contiguously at [k·n, (k+1)·n). Absent when not requested. */
  readonly vectors?: Float64Array;
}

export { EighError };
export { TridiagonalConvergenceError } from './tridiagonalQL';

/**
 * All eigenpairs of a dense symmetric n×n matrix (row-major). A is not modified; it is used as
 * (A + Aᵀ)/2, so tiny asymmetries (e.g. a Hessian assembled from Hessian-vector products) are
 * averaged out. Pipeline: Householder tridiagonalization, then divide and conquer on the
 * tridiagonal matrix (implicit QL on small blocks / for eigenvalues only), then the blocked
 * back-transformation. Residuals are ~1e-15·‖A‖ and the vectors are orthonormal to ~1e-15.
 */
export function eigh(A: Float64Array, n: number, options: EighOptions = {}): EighResult {
  if (!Number.isInteger(n) || n < 0) throw new EighError(`n must be a non-negative integer, got ${n}`);
  if (A.length < n * n) throw new EighError(`A has ${A.length} entries, expected n² = ${n * n}`);
  const wantVectors = options.vectors ?? true;
  const W = new Float64Array(n * n);
  let maxAbs = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const a = A[i * n + j];
      const b = A[j * n + i];
      if (!Number.isFinite(a) || !Number.isFinite(b))
        throw new EighError(`A[${i}][${j}] or A[${j}][${i}] is not finite (${a}, ${b})`);
      const x = a === b ? a : 0.5 * a + 0.5 * b;
      W[i * n + j] = x; // upper triangle only: all later stages read j ≥ i
      maxAbs = Math.max(maxAbs, Math.abs(x));
    }
  }
  // Scale by a power of two (exact) into a range where squares neither overflow nor underflow.
  const scale = maxAbs > 0 && (maxAbs < 2 ** -400 || maxAbs > 2 ** 400) ? 2 ** -Math.round(Math.log2(maxAbs)) : 1;
  if (scale !== 1) for (let i = 0; i < n * n; i++) W[i] *= scale;

  const { d, e, tau } = tridiagonalize(W, n);
  if (!wantVectors) {
    tridiagonalQL(d, e, 0, n);
    if (scale !== 1) for (let i = 0; i < n; i++) d[i] /= scale;
    return { values: d };
  }
  const X = new Float64Array(n * n);
  tridiagonalEigenDC(d, e, n, X);
  applyQ(W, tau, n, X, n);
  if (scale !== 1) for (let i = 0; i < n; i++) d[i] /= scale;
  return { values: d, vectors: X };
}

/**
 * Small dense linear solvers (row-major n×n, float64): LU with partial pivoting for general
 * systems and Cholesky for symmetric positive definite ones. They are used by the stiff
 * gradient-flow solver ((I/(hγ) + diag(s)·H) k = rhs) and by Newton-type steps.
 */

export class LinearSolveError extends Error {
  override name = 'LinearSolveError';
}

export interface LuFactorization {
  readonly n: number;
  /** L (unit diagonal, below) and U (on and above the diagonal), row-major. */
  readonly lu: Float64Array;
  /** Row i of the factorization is row pivot[i] of A. */
  readonly pivot: Int32Array;
  /** False when a zero pivot was met (A singular to working precision). */
  readonly ok: boolean;
}

/** LU with partial pivoting. Writes into `work` when given (length n²), else allocates. */
export function luFactor(A: Float64Array, n: number, work?: Float64Array, pivot?: Int32Array): LuFactorization {
  if (A.length < n * n) throw new LinearSolveError(`matrix has ${A.length} entries, expected ${n * n}`);
  const lu = work ?? new Float64Array(n * n);
  if (lu !== A) lu.set(A.subarray(0, n * n));
  const piv = pivot ?? new Int32Array(n);
  let ok = true;
  for (let i = 0; i < n; i++) piv[i] = i;
  for (let k = 0; k < n; k++) {
    let p = k;
    let best = Math.abs(lu[k * n + k]);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(lu[i * n + k]);
      if (v > best) {
        best = v;
        p = i;
      }
    }
    if (best === 0 || !Number.isFinite(best)) {
      ok = false;
      continue;
    }
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        const t = lu[k * n + j];
        lu[k * n + j] = lu[p * n + j];
        lu[p * n + j] = t;
      }
      const t = piv[k];
      piv[k] = piv[p];
      piv[p] = t;
    }
    const inv = 1 / lu[k * n + k];
    for (let i = k + 1; i < n; i++) {
      const f = lu[i * n + k] * inv;
      if (f === 0) continue;
      lu[i * n + k] = f;
      for (let j = k + 1; j < n; j++) lu[i * n + j] -= f * lu[k * n + j];
    }
  }
  return { n, lu, pivot: piv, ok };
}

/** Solves A x = b with a factorization from luFactor; x may alias b. */
export function luSolve(f: LuFactorization, b: Float64Array, x: Float64Array = new Float64Array(f.n)): Float64Array {
  const { n, lu, pivot } = f;
  if (!f.ok) throw new LinearSolveError('matrix is singular to working precision');
  const y = x === b ? Float64Array.from(b) : b;
  for (let i = 0; i < n; i++) x[i] = y[pivot[i]];
  for (let i = 0; i < n; i++) {
    let s = x[i];
    for (let j = 0; j < i; j++) s -= lu[i * n + j] * x[j];
    x[i] = s;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i];
    for (let j = i + 1; j < n; j++) s -= lu[i * n + j] * x[j];
    x[i] = s / lu[i * n + i];
  }
  return x;
}

/**
 * Cholesky A = L Lᵀ of a symmetric matrix (only the lower triangle of A is read).
 * Returns L (row-major, zeros above the diagonal) or null when A is not positive definite.
 */
export function cholesky(A: Float64Array, n: number, work?: Float64Array): Float64Array | null {
  if (A.length < n * n) throw new LinearSolveError(`matrix has ${A.length} entries, expected ${n * n}`);
  const L = work ?? new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * n + j];
      for (let k = 0; k < j; k++) s -= L[i * n + k] * L[j * n + k];
      if (i === j) {
        if (!(s > 0)) return null;
        L[i * n + i] = Math.sqrt(s);
      } else L[i * n + j] = s / L[j * n + j];
    }
    for (let j = i + 1; j < n; j++) L[i * n + j] = 0;
  }
  return L;
}

/** Solves L Lᵀ x = b; x may alias b. */
export function choleskySolve(L: Float64Array, n: number, b: Float64Array, x: Float64Array = new Float64Array(n)): Float64Array {
  if (x !== b) x.set(b.subarray(0, n));
  for (let i = 0; i < n; i++) {
    let s = x[i];
    for (let k = 0; k < i; k++) s -= L[i * n + k] * x[k];
    x[i] = s / L[i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i];
    for (let k = i + 1; k < n; k++) s -= L[k * n + i] * x[k];
    x[i] = s / L[i * n + i];
  }
  return x;
}

/** Solves A x = b for a general square A (LU). Throws LinearSolveError if A is singular. */
export function solve(A: Float64Array, n: number, b: Float64Array): Float64Array {
  return luSolve(luFactor(A, n), b);
}

import { Rng } from '../../../native-workers/engine/core/random';

/** A seeded random symmetric n×n matrix (row-major) with N(0, 1) entries. */
export function randomSymmetric(n: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = i; j < n; j++) {
      const x = rng.normal();
      A[i * n + j] = x;
      A[j * n + i] = x;
    }
  return A;
}

/** Random orthogonal m×m (rows) by twice-repeated Gram–Schmidt, independent of eigh. */
export function randomOrthogonal(m: number, rng: Rng): Float64Array {
  const Q = new Float64Array(m * m);
  for (let k = 0; k < m; k++) {
    const v = Float64Array.from({ length: m }, () => rng.normal());
    for (let pass = 0; pass < 2; pass++)
      for (let j = 0; j < k; j++) {
        let s = 0;
        for (let i = 0; i < m; i++) s += Q[j * m + i] * v[i];
        for (let i = 0; i < m; i++) v[i] -= s * Q[j * m + i];
      }
    let norm = 0;
    for (let i = 0; i < m; i++) norm += v[i] * v[i];
    norm = Math.sqrt(norm);
    for (let i = 0; i < m; i++) Q[k * m + i] = v[i] / norm;
  }
  return Q;
}

/** max_i |(A·v)_i − λ·v_i| for an n×n row-major A. */
export function eigenResidual(A: Float64Array, n: number, value: number, v: Float64Array): number {
  let r = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += A[i * n + j] * v[j];
    r = Math.max(r, Math.abs(s - value * v[i]));
  }
  return r;
}

/** ‖A·v_k − λ_k·v_k‖₂ for eigenpair k (vectors stored as rows of V, n×n row-major A). */
export function eigenpairResidual(A: Float64Array, n: number, values: Float64Array, V: Float64Array, k: number): number {
  let r2 = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += A[i * n + j] * V[k * n + j];
    r2 += (s - values[k] * V[k * n + i]) ** 2;
  }
  return Math.sqrt(r2);
}

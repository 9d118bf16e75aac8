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

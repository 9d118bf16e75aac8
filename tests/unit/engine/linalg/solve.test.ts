import { describe, expect, it } from 'vitest';
import { cholesky, choleskySolve, luFactor, luSolve, solve, LinearSolveError } from '../../../../native-workers/engine/linalg/solve';

function matvec(A: Float64Array, x: Float64Array, n: number): Float64Array {
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) y[i] += A[i * n + j] * x[j];
  return y;
}

// Deterministic pseudo-random entries (a fixed LCG; tests only).
function entries(count: number, seed: number): Float64Array {
  let s = seed >>> 0;
  return Float64Array.from({ length: count }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  });
}

describe('dense solvers', () => {
  it('LU with pivoting solves a general system to rounding level, including a zero leading pivot', () => {
    const n = 7;
    const A = entries(n * n, 3);
    A[0] = 0;
    const xTrue = entries(n, 9);
    const b = matvec(A, xTrue, n);
    const x = solve(A, n, b);
    for (let i = 0; i < n; i++) expect(x[i]).toBeCloseTo(xTrue[i], 12);
    const f = luFactor(A, n);
    const again = luSolve(f, Float64Array.from(b));
    expect(Array.from(again)).toEqual(Array.from(x));
  });

  it('reports a singular matrix', () => {
    const A = Float64Array.from([1, 2, 2, 4]);
    const f = luFactor(A, 2);
    expect(f.ok).toBe(false);
    expect(() => luSolve(f, Float64Array.from([1, 1]))).toThrow(LinearSolveError);
  });

  it('Cholesky solves SPD systems and refuses indefinite ones', () => {
    const n = 6;
    const B = entries(n * n, 5);
    const A = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      let s = i === j ? 0.5 : 0;
      for (let k = 0; k < n; k++) s += B[i * n + k] * B[j * n + k];
      A[i * n + j] = s;
    }
    const xTrue = entries(n, 11);
    const b = matvec(A, xTrue, n);
    const L = cholesky(A, n)!;
    expect(L).not.toBeNull();
    const x = choleskySolve(L, n, b);
    for (let i = 0; i < n; i++) expect(x[i]).toBeCloseTo(xTrue[i], 11);
    expect(cholesky(Float64Array.from([1, 2, 2, 1]), 2)).toBeNull();
  });
});

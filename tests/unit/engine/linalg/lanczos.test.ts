import { describe, expect, it } from 'vitest';
import { eigh } from '../../../../native-workers/engine/linalg/eigh';
import { lanczos, LanczosError } from '../../../../native-workers/engine/linalg/lanczos';
import { eigenResidual, randomSymmetric } from '../../helpers/randomSymmetric';

function denseMatvec(A: Float64Array, n: number) {
  return (v: Float64Array, out: Float64Array): void => {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += A[i * n + j] * v[j];
      out[i] = s;
    }
  };
}


describe('lanczos', () => {
  const n = 160;
  const A = randomSymmetric(n, 21);
  const exact = eigh(A, n).values;
  const norm = Math.max(Math.abs(exact[0]), Math.abs(exact[n - 1]));

  it.each(['smallest', 'largest'] as const)('finds the %s eigenpairs of a random matrix like eigh', (which) => {
    const count = 4;
    const r = lanczos(denseMatvec(A, n), n, { count, which, maxIterations: n });
    expect(r.converged).toBe(true);
    const ref = which === 'smallest' ? exact.slice(0, count) : exact.slice(n - count);
    for (let k = 0; k < count; k++) {
      expect(Math.abs(r.values[k] - ref[k])).toBeLessThan(1e-9 * norm);
      const v = r.vectors.subarray(k * n, (k + 1) * n);
      expect(Math.hypot(...v)).toBeCloseTo(1, 12);
      expect(eigenResidual(A, n, r.values[k], v)).toBeLessThan(1e-8 * norm);
    }
    for (let k = 1; k < count; k++) expect(r.values[k]).toBeGreaterThanOrEqual(r.values[k - 1]);
  });

  it('finds every copy of a repeated extreme eigenvalue', () => {
    const m = 200;
    // −2 five times, 0 once, the rest in [10, 11]: far more distinct values than one Krylov run
    // (≤ 80 vectors) explores, so the copies of −2 must come from locking and restarts.
    const diag = Float64Array.from({ length: m }, (_, i) => (i % 40 === 3 ? -2 : i === 7 ? 0 : 10 + i / m));
    const matvec = (v: Float64Array, out: Float64Array): void => {
      for (let i = 0; i < m; i++) out[i] = diag[i] * v[i];
    };
    const r = lanczos(matvec, m, { count: 6, which: 'smallest', seed: 3 });
    expect(r.converged).toBe(true);
    for (let k = 0; k < 5; k++) expect(r.values[k]).toBeCloseTo(-2, 9);
    expect(r.values[5]).toBeCloseTo(0, 9);
    // the five −2 vectors span the −2 eigenspace: orthonormal and supported on i % 40 === 3
    for (let a = 0; a < 5; a++) {
      const va = r.vectors.subarray(a * m, (a + 1) * m);
      let off = 0;
      for (let i = 0; i < m; i++) if (i % 40 !== 3) off = Math.max(off, Math.abs(va[i]));
      expect(off).toBeLessThan(1e-6);
      for (let b = a; b < 5; b++) {
        let dot = 0;
        for (let i = 0; i < m; i++) dot += va[i] * r.vectors[b * m + i];
        expect(Math.abs(dot - (a === b ? 1 : 0))).toBeLessThan(1e-10);
      }
    }
  });

  it('is exact when the whole space is explored (count = n)', () => {
    const m = 7;
    const B = randomSymmetric(m, 4);
    const r = lanczos(denseMatvec(B, m), m, { count: m, which: 'largest' });
    const ref = eigh(B, m).values;
    for (let k = 0; k < m; k++) expect(Math.abs(r.values[k] - ref[k])).toBeLessThan(1e-12);
  });

  it('handles the zero operator', () => {
    const r = lanczos((_v, out) => out.fill(0), 10, { count: 2, which: 'smallest' });
    expect(Array.from(r.values)).toEqual([0, 0]);
    expect(r.converged).toBe(true);
  });

  it('is reproducible for a seed and reports non-convergence when capped', () => {
    const a = lanczos(denseMatvec(A, n), n, { count: 2, which: 'smallest', seed: 9 });
    const b = lanczos(denseMatvec(A, n), n, { count: 2, which: 'smallest', seed: 9 });
    expect(Array.from(a.values)).toEqual(Array.from(b.values));
    const capped = lanczos(denseMatvec(A, n), n, { count: 2, which: 'smallest', maxIterations: 6 });
    expect(capped.converged).toBe(false);
    expect(capped.values.length).toBe(2);
  });

  it('validates its options', () => {
    const mv = denseMatvec(A, n);
    expect(() => lanczos(mv, n, { count: 0, which: 'smallest' })).toThrow(LanczosError);
    expect(() => lanczos(mv, n, { count: n + 1, which: 'smallest' })).toThrow(/count must be an integer in \[1, 160\]/);
    expect(() => lanczos(mv, n, { count: 2, which: 'middle' as 'smallest' })).toThrow(/which/);
    expect(() => lanczos((_v, out) => out.fill(Number.NaN), 3, { count: 1, which: 'smallest' })).toThrow(/non-finite/);
  });
});

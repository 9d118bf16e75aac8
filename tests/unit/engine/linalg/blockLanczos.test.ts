import { describe, expect, it } from 'vitest';
import { eigh } from '../../../../native-workers/engine/linalg/eigh';
import { blockLanczos } from '../../../../native-workers/engine/linalg/blockLanczos';
import { lanczos, LanczosError } from '../../../../native-workers/engine/linalg/lanczos';
import { eigenResidual, randomSymmetric } from '../../helpers/randomSymmetric';

function denseBlock(A: Float64Array, n: number) {
  return (V: Float64Array, out: Float64Array, count: number): void => {
    for (let j = 0; j < count; j++) {
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += A[i * n + k] * V[j * n + k];
        out[j * n + i] = s;
      }
    }
  };
}


describe('blockLanczos', () => {
  const n = 160;
  const A = randomSymmetric(n, 21);
  const exact = eigh(A, n).values;
  const norm = Math.max(Math.abs(exact[0]), Math.abs(exact[n - 1]));

  for (const which of ['smallest', 'largest'] as const) {
    for (const blockSize of [1, 3]) {
      for (const maxBasis of [n, 40]) {
        it(`finds the ${which} eigenpairs like eigh (block ${blockSize}, basis ${maxBasis}${maxBasis < n ? ': thick restarts' : ''})`, () => {
          const count = 5;
          const r = blockLanczos(denseBlock(A, n), n, { count, which, blockSize, maxBasis, tolerance: 1e-10 });
          expect(r.converged).toBe(true);
          const ref = which === 'smallest' ? exact.slice(0, count) : exact.slice(n - count);
          for (let k = 0; k < count; k++) {
            expect(Math.abs(r.values[k] - ref[k])).toBeLessThan(1e-12 * norm);
            const v = r.vectors.subarray(k * n, (k + 1) * n);
            expect(Math.hypot(...v)).toBeCloseTo(1, 12);
            expect(eigenResidual(A, n, r.values[k], v)).toBeLessThan(1e-9 * norm);
            for (let l = 0; l < k; l++) {
              let d = 0;
              for (let i = 0; i < n; i++) d += v[i] * r.vectors[l * n + i];
              expect(Math.abs(d)).toBeLessThan(1e-10);
            }
          }
          for (let k = 1; k < count; k++) expect(r.values[k]).toBeGreaterThan(r.values[k - 1]);
        });
      }
    }
  }

  it('needs no more products than the restarting single-vector lanczos on a spectrum with a crowded low end', () => {
    // −1.5 … −1.3 crowded (12 values), the rest spread over [−1.2, 4]: the Hessian picture of the
    // large-net bench, where the low end converges slowly.
    const m = 600;
    const diag = Float64Array.from({ length: m }, (_, i) => (i < 12 ? -1.5 + 0.2 * (i / 11) ** 1.5 : -1.2 + 5.2 * ((i - 12) / (m - 13)) ** 2));
    const block = (V: Float64Array, out: Float64Array, count: number): void => {
      for (let j = 0; j < count; j++) for (let i = 0; i < m; i++) out[j * m + i] = diag[i] * V[j * m + i];
    };
    const single = (v: Float64Array, out: Float64Array): void => {
      for (let i = 0; i < m; i++) out[i] = diag[i] * v[i];
    };
    const sorted = Float64Array.from(diag).sort();
    const b = blockLanczos(block, m, { count: 10, which: 'smallest', blockSize: 2, tolerance: 1e-8, maxBasis: 150 });
    const s = lanczos(single, m, { count: 10, which: 'smallest', tolerance: 1e-8, maxIterations: 150 });
    expect(b.converged && s.converged).toBe(true);
    for (let k = 0; k < 10; k++) {
      expect(Math.abs(b.values[k] - sorted[k])).toBeLessThan(1e-12);
      expect(Math.abs(s.values[k] - sorted[k])).toBeLessThan(1e-12);
    }
    expect(b.matvecs).toBeLessThan(s.matvecs);
  });

  it('finds a repeated extreme eigenvalue up to the block size', () => {
    const m = 200;
    // −2 three times, 0 once, the rest in [10, 11].
    const diag = Float64Array.from({ length: m }, (_, i) => (i % 60 === 3 ? -2 : i === 7 ? 0 : 10 + i / m));
    const block = (V: Float64Array, out: Float64Array, count: number): void => {
      for (let j = 0; j < count; j++) for (let i = 0; i < m; i++) out[j * m + i] = diag[i] * V[j * m + i];
    };
    const r = blockLanczos(block, m, { count: 4, which: 'smallest', blockSize: 3, seed: 3 });
    expect(r.converged).toBe(true);
    for (let k = 0; k < 3; k++) expect(r.values[k]).toBeCloseTo(-2, 10);
    expect(r.values[3]).toBeCloseTo(0, 10);
    // the three −2 vectors are supported on i % 60 === 3
    for (let k = 0; k < 3; k++) {
      let off = 0;
      for (let i = 0; i < m; i++) if (i % 60 !== 3) off = Math.max(off, Math.abs(r.vectors[k * m + i]));
      expect(off).toBeLessThan(1e-9);
    }
  });

  it('exhausts a small space exactly and rejects bad options', () => {
    const n2 = 7;
    const B = randomSymmetric(n2, 4);
    const ref = eigh(B, n2).values;
    const r = blockLanczos(denseBlock(B, n2), n2, { count: 7, which: 'smallest', blockSize: 3 });
    expect(r.converged).toBe(true);
    for (let k = 0; k < n2; k++) expect(Math.abs(r.values[k] - ref[k])).toBeLessThan(1e-12);
    expect(() => blockLanczos(denseBlock(B, n2), n2, { count: 8, which: 'smallest' })).toThrow(LanczosError);
    expect(() => blockLanczos(denseBlock(B, n2), n2, { count: 2, which: 'smallest', blockSize: 0 })).toThrow(/blockSize/);
    expect(() => blockLanczos(() => undefined, n2, { count: 2, which: 'smallest', tolerance: 0 })).toThrow(/tolerance/);
    const bad = (_V: Float64Array, out: Float64Array, count: number): void => {
      out.fill(Number.NaN, 0, count * n2);
    };
    expect(() => blockLanczos(bad, n2, { count: 2, which: 'smallest' })).toThrow(/non-finite/);
  });
});

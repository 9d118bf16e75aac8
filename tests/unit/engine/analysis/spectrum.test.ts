/**
 * The extremal spectrum path (Lanczos on exact HVPs) against the dense path (full Hessian + eigh)
 * on nets of P ≈ 500, and the classification it allows: the same class as the dense analysis where
 * the extremal eigenvalues decide it, and an honest "at least" where they cannot.
 */
import { describe, expect, it } from 'vitest';
import { analyzePoint, pointSpectrum } from '../../../../native-workers/engine/analysis';
import { mlp, randomProblem } from '../../helpers/randomNetwork';

function relErr(a: ArrayLike<number>, b: ArrayLike<number>, scale: number): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / scale);
  return worst;
}

describe('extremal Hessian spectrum', () => {
  const cases = [
    { name: 'two-layer tanh 10→40→1 (P = 481)', arch: mlp([10, 40, 1], ['tanh']) },
    { name: 'three-layer softplus/tanh 6→16→20→2 (P = 494)', arch: mlp([6, 16, 20, 2], ['softplus', 'tanh']) },
  ];
  for (const { name, arch } of cases) {
    it(`equals the dense eigenvalues at both ends: ${name}`, () => {
      const { architecture, theta, data } = randomProblem(arch, 300, 7);
      const network = { architecture, theta };
      expect(theta.length).toBeGreaterThan(450);
      const dense = pointSpectrum(network, data, { mode: 'dense' });
      const partial = pointSpectrum(network, data, { mode: 'extremal', smallest: 10, largest: 5, tolerance: 1e-12 });
      const P = theta.length;
      const scale = Math.max(Math.abs(dense.values[0]), Math.abs(dense.values[P - 1]));
      expect(partial.kind).toBe('partial');
      expect(partial.hessian).toBeNull();
      expect(partial.values.length).toBe(15);
      expect(relErr(partial.values.subarray(0, 10), dense.values.subarray(0, 10), scale)).toBeLessThan(1e-10);
      expect(relErr(partial.values.subarray(10), dense.values.subarray(P - 5), scale)).toBeLessThan(1e-10);
      // Each returned vector is an eigenvector: ‖Hv − λv‖ small against ‖H‖, checked with the dense H.
      const H = dense.hessian!;
      for (let k = 0; k < 15; k++) {
        const v = partial.vectors.subarray(k * P, (k + 1) * P);
        let r = 0;
        for (let i = 0; i < P; i++) {
          let s = 0;
          for (let j = 0; j < P; j++) s += H[i * P + j] * v[j];
          r = Math.max(r, Math.abs(s - partial.values[k] * v[i]));
        }
        expect(r / scale).toBeLessThan(1e-7);
      }
      expect(partial.matvecs).toBeGreaterThan(15);
    });
  }

  it('block Krylov–Schur at block sizes 1, 2, 3 and the earlier restarted Lanczos agree with the dense eigh (P = 481)', () => {
    const { architecture, theta, data } = randomProblem(mlp([10, 40, 1], ['tanh']), 300, 13);
    const network = { architecture, theta };
    const P = theta.length;
    const dense = pointSpectrum(network, data, { mode: 'dense' });
    const H = dense.hessian!;
    const scale = Math.max(Math.abs(dense.values[0]), Math.abs(dense.values[P - 1]));
    const runs = [
      { solver: 'block' as const, blockSize: 1 },
      { solver: 'block' as const, blockSize: 2 },
      { solver: 'block' as const, blockSize: 3 },
      { solver: 'lanczos' as const },
    ].map((o) => pointSpectrum(network, data, { mode: 'extremal', smallest: 8, largest: 3, tolerance: 1e-12, ...o }));
    for (const r of runs) {
      expect(r.converged).toBe(true);
      expect(relErr(r.values.subarray(0, 8), dense.values.subarray(0, 8), scale)).toBeLessThan(1e-10);
      expect(relErr(r.values.subarray(8), dense.values.subarray(P - 3), scale)).toBeLessThan(1e-10);
      for (let k = 0; k < 11; k++) {
        const v = r.vectors.subarray(k * P, (k + 1) * P);
        let res = 0;
        for (let i = 0; i < P; i++) {
          let s = 0;
          for (let j = 0; j < P; j++) s += H[i * P + j] * v[j];
          res = Math.max(res, Math.abs(s - r.values[k] * v[i]));
        }
        expect(res / scale).toBeLessThan(1e-9);
      }
    }
    // the block path (default) and the earlier one return the same eigenvalues
    expect(relErr(runs[1].values, runs[3].values, scale)).toBeLessThan(1e-11);
    expect(() => pointSpectrum(network, data, { mode: 'extremal', blockSize: 0 })).toThrow(/blockSize must be a whole number in \[1, 16\]/);
  });

  it('classifies like the dense analysis where the extremal eigenvalues decide it', () => {
    const { architecture, theta, data } = randomProblem(mlp([10, 40, 1], ['tanh']), 300, 3);
    const network = { architecture, theta };
    const dense = analyzePoint(network, data);
    const partial = analyzePoint(network, data, { spectrum: { mode: 'extremal', tolerance: 1e-12 } });
    expect(dense.spectrum.kind).toBe('full');
    expect(partial.spectrum.kind).toBe('partial');
    expect(partial.classification).toBe(dense.classification);
    expect(partial.minEigenvalue).toBeCloseTo(dense.minEigenvalue, 10);
    expect(partial.maxEigenvalue).toBeCloseTo(dense.maxEigenvalue, 10);
    expect(partial.gradNorm).toBe(dense.gradNorm);
    // A random point is not critical: the Newton-decrement bound must not hide that either.
    expect(dense.classification).toBe('not-critical');
  });

  it('reports the index as a lower bound when every known low eigenvalue is negative', () => {
    // A saddle-rich random point: the dense index exceeds the 3 eigenpairs asked for.
    const { architecture, theta, data } = randomProblem(mlp([10, 40, 1], ['tanh']), 300, 11, 2.5);
    const network = { architecture, theta };
    const dense = pointSpectrum(network, data, { mode: 'dense' });
    let denseIndex = 0;
    const scale = Math.max(Math.abs(dense.values[0]), Math.abs(dense.values[dense.values.length - 1]));
    for (const v of dense.values) if (v < -1e-9 * scale) denseIndex++;
    expect(denseIndex).toBeGreaterThan(3);
    const partial = analyzePoint(network, data, { spectrum: { mode: 'extremal', smallest: 3, largest: 2 }, gradTolerance: Infinity, decrementRelTolerance: Infinity });
    expect(partial.spectrum.indexExact).toBe(false);
    expect(partial.index).toBe(3);
    expect(partial.classification).toBe('strict-saddle');
    expect(partial.reason).toMatch(/^at least 3 negative eigenvalue/);
  });

  it('uses the dense path up to the limit and the extremal one above it (auto)', () => {
    const { architecture, theta, data } = randomProblem(mlp([10, 40, 1], ['tanh']), 100, 5);
    const network = { architecture, theta };
    expect(pointSpectrum(network, data, { denseLimit: 1000 }).kind).toBe('full');
    expect(pointSpectrum(network, data, { denseLimit: 100 }).kind).toBe('partial');
  });

  it('stops between HVPs when asked to', () => {
    const { architecture, theta, data } = randomProblem(mlp([10, 40, 1], ['tanh']), 100, 5);
    let calls = 0;
    expect(() =>
      pointSpectrum({ architecture, theta }, data, { mode: 'extremal', shouldStop: () => ++calls > 5 }),
    ).toThrow(/cancelled/);
  });
});

describe('dense spectrum progress', () => {
  it('reports progress while a deep net’s Hessian is assembled from HVPs, and stops when asked', () => {
    const { architecture, theta, data } = randomProblem(mlp([4, 12, 10, 1], ['tanh']), 60, 2);
    const fractions: number[] = [];
    const s = pointSpectrum({ architecture, theta }, data, { mode: 'dense', onProgress: (f) => fractions.push(f) });
    expect(s.kind).toBe('full');
    expect(fractions.length).toBeGreaterThan(3);
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThan(fractions[i - 1]);
    // The Hessian assembly is the first half, then eigh reports (panels, merges, back-transform blocks) up to 1.
    expect(fractions.some((f) => f > 0.05 && f < 0.5)).toBe(true);
    expect(fractions.some((f) => f > 0.5 && f < 1)).toBe(true);
    expect(fractions[fractions.length - 1]).toBe(1);
    let polls = 0;
    expect(() => pointSpectrum({ architecture, theta }, data, { mode: 'dense', shouldStop: () => ++polls > 10 })).toThrow(/cancelled/);
  });
});

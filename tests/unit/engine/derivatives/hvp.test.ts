import { describe, expect, it } from 'vitest';
import { hessian } from '../../../../native-workers/engine/derivatives/hessian';
import { createHvpEvaluator, hessianVectorProduct } from '../../../../native-workers/engine/derivatives/hvp';
import { lossAndGradient } from '../../../../native-workers/engine/derivatives/loss';
import type { Architecture } from '../../../../native-workers/engine/core/types';
import { lcg, maxAbs, maxAbsDiff, mlp, randomProblem, uniformVector } from '../../helpers/randomNetwork';

const architectures: [string, Architecture][] = [
  ['2 layers tanh', mlp([2, 4, 1], ['tanh'])],
  ['2 layers softplus, 2 outputs, tanh output', mlp([3, 3, 2], ['softplus'], true, 'tanh')],
  ['2 hidden (sigmoid, gelu)', mlp([2, 3, 4, 1], ['sigmoid', 'gelu'])],
  ['3 hidden (tanh, g, normal_cdf), 2 outputs, partial bias', mlp([2, 3, 3, 3, 2], ['tanh', 'g', 'normal_cdf'], [true, false, true, true])],
  ['3 hidden relu', mlp([2, 5, 4, 3, 1], ['relu'])],
];

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

describe('Hessian-vector product', () => {
  architectures.forEach(([label, arch], i) => {
    it(`${label}: equals central differences of the gradient`, () => {
      const p = randomProblem(arch, 19, 40 + i);
      const P = p.theta.length;
      const v = uniformVector(P, lcg(7 + i));
      const Hv = new Float64Array(P);
      hessianVectorProduct(p.architecture, p.theta, p.data, v, Hv);
      const h = 1e-5;
      const gp = new Float64Array(P);
      const gm = new Float64Array(P);
      lossAndGradient(p.architecture, p.theta.map((t, k) => t + h * v[k]), p.data, gp);
      lossAndGradient(p.architecture, p.theta.map((t, k) => t - h * v[k]), p.data, gm);
      const fd = gp.map((g, k) => (g - gm[k]) / (2 * h));
      expect(maxAbs(Hv)).toBeGreaterThan(1e-2);
      expect(maxAbsDiff(Hv, fd)).toBeLessThan(1e-6 * maxAbs(Hv));
    });

    it(`${label}: symmetric bilinear form, uᵀ(Hv) = vᵀ(Hu)`, () => {
      const p = randomProblem(arch, 13, 60 + i);
      const P = p.theta.length;
      const rand = lcg(99 + i);
      const u = uniformVector(P, rand);
      const v = uniformVector(P, rand);
      const ev = createHvpEvaluator(p.architecture, p.data);
      ev.prepare(p.theta);
      const Hu = new Float64Array(P);
      const Hv = new Float64Array(P);
      ev.apply(u, Hu);
      ev.apply(v, Hv);
      expect(Math.abs(dot(u, Hv) - dot(v, Hu))).toBeLessThan(1e-12 * Math.max(1, Math.abs(dot(u, Hv))));
    });
  });

  it('equals H·v with H from the independent analytic two-layer kernel (incl. σ″ and residual terms)', () => {
    for (const [seed, arch] of [
      [1, mlp([2, 5, 1], ['softplus'])],
      [2, mlp([3, 4, 2], ['tanh'], [false, true], 'sigmoid')],
      [3, mlp([2, 6, 1], ['relu'])],
    ] as const) {
      const p = randomProblem(arch, 31, seed);
      const P = p.theta.length;
      const H = hessian(p.architecture, p.theta, p.data, { kernel: 'two-layer' });
      const v = uniformVector(P, lcg(seed));
      const Hv = new Float64Array(P);
      hessianVectorProduct(p.architecture, p.theta, p.data, v, Hv);
      const ref = new Float64Array(P);
      for (let r = 0; r < P; r++) for (let c = 0; c < P; c++) ref[r] += H[r * P + c] * v[c];
      expect(maxAbsDiff(Hv, ref)).toBeLessThan(1e-12 * maxAbs(ref));
    }
  });

  it('includes the residual (non-Gauss–Newton) curvature: indefinite away from a minimum', () => {
    const p = randomProblem(mlp([1, 3, 1], ['tanh']), 9, 17, 2);
    const H = hessian(p.architecture, p.theta, p.data, { kernel: 'hvp' });
    const P = p.theta.length;
    // A negative diagonal entry or a 2×2 minor with negative determinant proves indefiniteness;
    // a Gauss–Newton matrix JᵀJ could show neither.
    let indefinite = false;
    for (let i = 0; i < P && !indefinite; i++) {
      if (H[i * P + i] < 0) indefinite = true;
      for (let j = i + 1; j < P; j++) if (H[i * P + i] * H[j * P + j] - H[i * P + j] ** 2 < 0) indefinite = true;
    }
    expect(indefinite).toBe(true);
  });

  it('rejects apply before prepare and wrong lengths', () => {
    const p = randomProblem(mlp([2, 2, 1], ['tanh']), 4, 3);
    const ev = createHvpEvaluator(p.architecture, p.data);
    expect(() => ev.apply(new Float64Array(9), new Float64Array(9))).toThrow(/before prepare/);
    ev.prepare(p.theta);
    expect(() => ev.apply(new Float64Array(8), new Float64Array(9))).toThrow(/v has 8 entries, expected 9/);
  });
});

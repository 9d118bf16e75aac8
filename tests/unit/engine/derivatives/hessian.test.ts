import { describe, expect, it } from 'vitest';
import { hessian, type HessianKernel } from '../../../../native-workers/engine/derivatives/hessian';
import { reluMomentsScalar, twoLayerReluHessian } from '../../../../native-workers/engine/derivatives/twoLayer/hessianTwoLayerRelu';
import { reluMomentsWasm, reluMomentsWasmAvailable } from '../../../../native-workers/engine/derivatives/twoLayer/hessianReluWasm';
import { lossAndGradient } from '../../../../native-workers/engine/derivatives/loss';
import { DerivativeShapeError } from '../../../../native-workers/engine/core/shapes';
import { twoLayerSingleOutput } from '../../../../native-workers/engine/derivatives/twoLayer/twoLayerShape';
import type { Architecture } from '../../../../native-workers/engine/core/types';
import { maxAbs, maxAbsDiff, mlp, randomProblem, type Problem } from '../../helpers/randomNetwork';

/** Column k ≈ (∇L(θ + h eₖ) − ∇L(θ − h eₖ)) / 2h. */
function fdHessian({ architecture, theta, data }: Problem, h: number): Float64Array {
  const P = theta.length;
  const H = new Float64Array(P * P);
  const gp = new Float64Array(P);
  const gm = new Float64Array(P);
  const t = Float64Array.from(theta);
  for (let k = 0; k < P; k++) {
    t[k] = theta[k] + h;
    lossAndGradient(architecture, t, data, gp);
    t[k] = theta[k] - h;
    lossAndGradient(architecture, t, data, gm);
    t[k] = theta[k];
    for (let i = 0; i < P; i++) H[i * P + k] = (gp[i] - gm[i]) / (2 * h);
  }
  return H;
}

function isSymmetric(H: Float64Array, P: number): boolean {
  for (let i = 0; i < P; i++) for (let j = 0; j < i; j++) if (H[i * P + j] !== H[j * P + i]) return false;
  return true;
}

const cases: [string, Architecture, HessianKernel][] = [
  ['relu 2 → 4 → 1 (moment kernel)', mlp([2, 4, 1], ['relu']), 'relu-moments'],
  ['relu 1 → 3 → 1, no hidden bias (moment kernel)', mlp([1, 3, 1], ['relu'], [false, true]), 'relu-moments'],
  ['relu 3 → 3 → 1, no output bias (moment kernel)', mlp([3, 3, 1], ['relu'], [true, false]), 'relu-moments'],
  ['softplus 2 → 4 → 1 (two-layer kernel)', mlp([2, 4, 1], ['softplus']), 'two-layer'],
  ['gelu 2 → 3 → 3, sigmoid output (two-layer kernel)', mlp([2, 3, 3], ['gelu'], [false, true], 'sigmoid'), 'two-layer'],
  ['tanh/relu 2 → 3 → 3 → 1 (from HVPs)', mlp([2, 3, 3, 1], ['tanh', 'relu']), 'hvp'],
  ['sigmoid/g/square 3 → 3 → 2 → 2 → 2 (from HVPs)', mlp([3, 3, 2, 2, 2], ['sigmoid', 'g', 'square'], [true, false, true, true]), 'hvp'],
];

describe('dense Hessian against finite differences of the gradient', () => {
  cases.forEach(([label, arch, kernel], i) => {
    it(label, () => {
      const p = randomProblem(arch, 29, 500 + i);
      const P = p.theta.length;
      const H = hessian(p.architecture, p.theta, p.data);
      expect(H.length).toBe(P * P);
      expect(isSymmetric(H, P)).toBe(true);
      const fd = fdHessian(p, 1e-5);
      expect(maxAbsDiff(H, fd)).toBeLessThan(1e-6 * Math.max(1, maxAbs(H)));
      const forced = hessian(p.architecture, p.theta, p.data, { kernel });
      expect(maxAbsDiff(forced, H)).toBe(0);
    });
  });
});

describe('Hessian kernels agree with each other', () => {
  const twoLayer: [string, Architecture, number][] = [
    ['relu 2 → 50 → 1', mlp([2, 50, 1], ['relu']), 200],
    ['relu 2 → 7 → 1, no biases', mlp([2, 7, 1], ['relu'], false), 41],
    ['relu 1 → 6 → 1', mlp([1, 6, 1], ['relu']), 30],
    ['relu 4 → 5 → 1', mlp([4, 5, 1], ['relu']), 30],
    ['tanh 2 → 6 → 1', mlp([2, 6, 1], ['tanh']), 40],
    ['softplus 3 → 4 → 3, tanh output, no output bias', mlp([3, 4, 3], ['softplus'], [true, false], 'tanh'), 25],
  ];
  twoLayer.forEach(([label, arch, N], i) => {
    it(`${label}: analytic kernels == assembled exact HVPs to 1e-12`, () => {
      const p = randomProblem(arch, N, 700 + i);
      const Hh = hessian(p.architecture, p.theta, p.data, { kernel: 'hvp' });
      const scale = maxAbs(Hh);
      const kernels: HessianKernel[] = ['two-layer'];
      if (arch.layers[0].activation === 'relu') kernels.push('relu-moments');
      for (const kernel of kernels) {
        const H = hessian(p.architecture, p.theta, p.data, { kernel });
        expect(maxAbsDiff(H, Hh) / scale, kernel).toBeLessThan(1e-12);
      }
    });
  });

  it('SIMD and plain moment scatters agree (d = 2), and the Hessians built on them', () => {
    const p = randomProblem(mlp([2, 9, 1], ['relu']), 77, 31);
    const shape = twoLayerSingleOutput(p.architecture)!;
    const m = shape.width;
    const Ms = new Float64Array(m * m * 6);
    const Rs = new Float64Array(m * 3);
    reluMomentsScalar(shape, p.theta, p.data, Ms, Rs);
    expect(Ms[5]).toBeGreaterThan(0); // unit 0 is active on some samples
    if (reluMomentsWasmAvailable()) {
      const Mw = new Float64Array(m * m * 6);
      const Rw = new Float64Array(m * 3);
      expect(reluMomentsWasm(shape, p.theta, p.data, Mw, Rw)).toBe(true);
      expect(maxAbsDiff(Mw, Ms)).toBeLessThan(1e-12 * maxAbs(Ms));
      expect(maxAbsDiff(Rw, Rs)).toBeLessThan(1e-12 * maxAbs(Rs));
      // a second, smaller call reuses the instance's memory without stale state
      const q = randomProblem(mlp([2, 3, 1], ['relu']), 5, 32);
      const qs = twoLayerSingleOutput(q.architecture)!;
      const a = new Float64Array(54), ar = new Float64Array(9), b = new Float64Array(54), br = new Float64Array(9);
      reluMomentsWasm(qs, q.theta, q.data, a, ar);
      reluMomentsScalar(qs, q.theta, q.data, b, br);
      expect(maxAbsDiff(a, b)).toBeLessThan(1e-12 * Math.max(1, maxAbs(b)));
    }
    const Hw = twoLayerReluHessian(p.architecture, shape, p.theta, p.data);
    const Hs = twoLayerReluHessian(p.architecture, shape, p.theta, p.data, { wasm: false });
    expect(maxAbsDiff(Hw, Hs)).toBeLessThan(1e-12 * maxAbs(Hs));
  });

  it('refuses a kernel that does not fit the architecture', () => {
    const p = randomProblem(mlp([2, 3, 1], ['tanh']), 5, 1);
    expect(() => hessian(p.architecture, p.theta, p.data, { kernel: 'relu-moments' })).toThrow(DerivativeShapeError);
    const deep = randomProblem(mlp([2, 3, 3, 1], ['relu']), 5, 1);
    expect(() => hessian(deep.architecture, deep.theta, deep.data, { kernel: 'two-layer' })).toThrow(/needs 2 layers/);
  });
});

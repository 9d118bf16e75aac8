import { describe, expect, it } from 'vitest';
import { predict } from '../../../../native-workers/engine/derivatives/forward';
import { createLossEvaluator, loss, lossAndGradient, type LossKernel } from '../../../../native-workers/engine/derivatives/loss';
import { DerivativeShapeError } from '../../../../native-workers/engine/core/shapes';
import type { ActivationName, Architecture } from '../../../../native-workers/engine/core/types';
import { maxAbs, maxAbsDiff, mlp, randomProblem, type Problem } from '../../helpers/randomNetwork';

/** Central differences of L along each coordinate. */
function fdGradient({ architecture, theta, data }: Problem, h: number): Float64Array {
  const g = new Float64Array(theta.length);
  const t = Float64Array.from(theta);
  for (let i = 0; i < theta.length; i++) {
    t[i] = theta[i] + h;
    const up = loss(architecture, t, data);
    t[i] = theta[i] - h;
    const down = loss(architecture, t, data);
    t[i] = theta[i];
    g[i] = (up - down) / (2 * h);
  }
  return g;
}

const architectures: [string, Architecture][] = [
  ['1 hidden tanh, bias', mlp([3, 5, 1], ['tanh'])],
  ['1 hidden relu, no bias', mlp([2, 4, 1], ['relu'], false)],
  ['1 hidden softplus, multi-output, sigmoid output', mlp([2, 4, 3], ['softplus'], true, 'sigmoid')],
  ['2 hidden mixed (gelu, sigmoid), hidden bias only', mlp([2, 4, 3, 1], ['gelu', 'sigmoid'], [true, true, false])],
  ['3 hidden mixed (tanh, relu, g), multi-output', mlp([3, 4, 3, 3, 2], ['tanh', 'relu', 'g'])],
  ['3 hidden (normal_cdf, square, softplus), no bias', mlp([2, 3, 3, 2, 1], ['normal_cdf', 'square', 'softplus'], false)],
];

describe('gradient against central finite differences', () => {
  architectures.forEach(([label, arch], i) => {
    it(label, () => {
      const p = randomProblem(arch, 23, 100 + i);
      const grad = new Float64Array(p.theta.length);
      const L = lossAndGradient(p.architecture, p.theta, p.data, grad);
      expect(L).toBeCloseTo(loss(p.architecture, p.theta, p.data), 14);
      const fd = fdGradient(p, 1e-6);
      expect(maxAbsDiff(grad, fd)).toBeLessThan(1e-7 * Math.max(1, maxAbs(grad)));
      expect(maxAbs(grad)).toBeGreaterThan(1e-3);
    });
  });
});

describe('loss definition', () => {
  it('is (1/N) Σ ‖f(x) − y‖² with f from predict', () => {
    const p = randomProblem(mlp([2, 3, 2], ['tanh']), 11, 5);
    const out = predict(p.architecture, p.theta, p.data.X, p.data.count);
    expect(out.length).toBe(22);
    let s = 0;
    for (let i = 0; i < out.length; i++) s += (out[i] - p.data.Y[i]) ** 2;
    expect(loss(p.architecture, p.theta, p.data)).toBeCloseTo(s / 11, 15);
  });

  it('predict agrees with a hand-written forward pass', () => {
    // 1 → 2 → 1 relu: f(x) = a₀·relu(w₀x + b₀) + a₁·relu(w₁x + b₁) + c
    const arch = mlp([1, 2, 1], ['relu']);
    const theta = Float64Array.from([2, -1, 0.5, 0.25, 3, -4, 0.1]);
    const f = (x: number): number => 3 * Math.max(0, 2 * x + 0.5) - 4 * Math.max(0, -x + 0.25) + 0.1;
    const X = Float64Array.from([-1, -0.1, 0.2, 1.5]);
    const out = predict(arch, theta, X, 4);
    X.forEach((x, n) => expect(out[n]).toBeCloseTo(f(x), 14));
  });
});

describe('fast kernels equal the general path', () => {
  const cases: [string, Architecture, number][] = [
    ['relu d=2 m=4 (bench shape)', mlp([2, 4, 1], ['relu']), 1600],
    ['relu d=2 m=50', mlp([2, 50, 1], ['relu']), 400],
    ['relu d=2 m=7, odd N', mlp([2, 7, 1], ['relu']), 37],
    ['relu d=1 m=5, no hidden bias', mlp([1, 5, 1], ['relu'], [false, true]), 21],
    ['relu d=2 m=6, no output bias', mlp([2, 6, 1], ['relu'], [true, false]), 30],
    ['relu d=3 m=5', mlp([3, 5, 1], ['relu']), 40],
    ['softplus d=2 m=6', mlp([2, 6, 1], ['softplus']), 50],
    ['tanh d=4 m=3, no bias', mlp([4, 3, 1], ['tanh'], false), 30],
    ['gelu d=1 m=9', mlp([1, 9, 1], ['gelu']), 25],
  ];
  cases.forEach(([label, arch, N], i) => {
    it(label, () => {
      const p = randomProblem(arch, N, 300 + i);
      const general = createLossEvaluator(p.architecture, p.data, { kernel: 'general' });
      expect(general.kernel).toBe('general');
      const g0 = new Float64Array(p.theta.length);
      const L0 = general.lossAndGradient(p.theta, g0);
      const scale = maxAbs(g0);
      expect(scale).toBeGreaterThan(1e-3);
      const kernels: LossKernel[] = ['scalar'];
      const auto = createLossEvaluator(p.architecture, p.data);
      if (auto.kernel === 'wasm') kernels.push('wasm');
      for (const kernel of kernels) {
        const ev = createLossEvaluator(p.architecture, p.data, { kernel });
        const g = new Float64Array(p.theta.length).fill(NaN);
        // twice: scratch reuse must not leak state between calls
        ev.lossAndGradient(p.theta.map((v) => v * 1.1), g);
        const L = ev.lossAndGradient(p.theta, g);
        expect(Math.abs(L - L0) / L0, kernel).toBeLessThan(1e-12);
        expect(Math.abs(ev.loss(p.theta) - L0) / L0, kernel).toBeLessThan(1e-12);
        expect(maxAbsDiff(g, g0) / scale, kernel).toBeLessThan(1e-12);
      }
    });
  });

  it('auto picks the SIMD kernel for d ≤ 2 relu/softplus/sigmoid/tanh networks and the scalar one otherwise', () => {
    const relu = randomProblem(mlp([2, 4, 1], ['relu']), 10, 1);
    expect(['wasm', 'scalar']).toContain(createLossEvaluator(relu.architecture, relu.data).kernel);
    const smooth = randomProblem(mlp([2, 4, 1], ['tanh']), 10, 1);
    expect(['wasm', 'scalar']).toContain(createLossEvaluator(smooth.architecture, smooth.data).kernel);
    const gelu = randomProblem(mlp([2, 4, 1], ['gelu']), 10, 1);
    expect(createLossEvaluator(gelu.architecture, gelu.data).kernel).toBe('scalar');
    const wide = randomProblem(mlp([3, 4, 1], ['tanh']), 10, 1);
    expect(createLossEvaluator(wide.architecture, wide.data).kernel).toBe('scalar');
    const deep = randomProblem(mlp([2, 4, 3, 1], ['relu']), 10, 1);
    expect(createLossEvaluator(deep.architecture, deep.data).kernel).toBe('general');
    expect(() => createLossEvaluator(deep.architecture, deep.data, { kernel: 'scalar' })).toThrow(DerivativeShapeError);
  });
});

describe('input checks', () => {
  const p = randomProblem(mlp([2, 3, 1], ['relu' as ActivationName]), 5, 9);
  it('names the field and the expected size', () => {
    expect(() => loss(p.architecture, new Float64Array(3), p.data)).toThrow(/theta has 3 entries, expected 13/);
    expect(() => lossAndGradient(p.architecture, p.theta, p.data, new Float64Array(2))).toThrow(/grad has 2 entries, expected 13/);
    expect(() => loss(p.architecture, p.theta, { ...p.data, inputDim: 3 })).toThrow(DerivativeShapeError);
    expect(() => loss(p.architecture, p.theta, { ...p.data, Y: new Float64Array(4) })).toThrow(/data\.Y has 4 entries/);
  });
});

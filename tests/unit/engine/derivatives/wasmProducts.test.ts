/**
 * The general path on the WebAssembly SIMD GEMM (products 'wasm') against the plain-TS reference
 * products (products 'scalar') and against central finite differences: loss, gradient, HVP and
 * dense Hessian columns on 1-, 2- and 3-layer nets with mixed activations, sizes at the tails of
 * the 4×4 register tile (1, 3, 7, 33), biases on and off, several outputs.
 */
import { describe, expect, it } from 'vitest';
import { createHvpEvaluator } from '../../../../native-workers/engine/derivatives/hvp';
import { createLossEvaluator } from '../../../../native-workers/engine/derivatives/loss';
import { BatchedNetwork, plannedProducts } from '../../../../native-workers/engine/derivatives/twoLayer/batchedNetwork';
import type { Architecture } from '../../../../native-workers/engine/core/types';
import { lcg, mlp, randomProblem, uniformVector } from '../../helpers/randomNetwork';
import { norm, relativeError } from '../../helpers/vectors';


const nets: [string, Architecture][] = [
  ['1 layer 7 → 3, tanh output', mlp([7, 3], [], true, 'tanh')],
  ['1 layer 33 → 1, no bias', mlp([33, 1], [], false)],
  ['2 layers 3 → 33 → 7 softplus', mlp([3, 33, 7], ['softplus'])],
  ['2 layers 1 → 7 → 1 tanh, no biases', mlp([1, 7, 1], ['tanh'], false)],
  ['3 layers 7 → 33 → 3 → 7 (tanh, sigmoid), partial bias', mlp([7, 33, 3, 7], ['tanh', 'sigmoid'], [true, false, true])],
  ['3 layers 33 → 7 → 1 → 3 (gelu, softplus)', mlp([33, 7, 1, 3], ['gelu', 'softplus'])],
  ['3 layers 3 → 7 → 33 → 1 relu', mlp([3, 7, 33, 1], ['relu'])],
];

describe('general path on the SIMD GEMM', () => {
  nets.forEach(([label, arch], i) => {
    const count = [1, 3, 7, 33, 301][i % 5];
    it(`${label}, N ${count}: loss and gradient equal the scalar reference to 1e-13`, () => {
      const p = randomProblem(arch, count, 10 + i);
      const fast = createLossEvaluator(arch, p.data, { kernel: 'general', products: 'wasm' });
      const ref = createLossEvaluator(arch, p.data, { kernel: 'general', products: 'scalar' });
      expect(fast.products).toBe('wasm');
      expect(ref.products).toBe('scalar');
      const P = p.theta.length;
      const g = new Float64Array(P);
      const gRef = new Float64Array(P);
      const L = fast.lossAndGradient(p.theta, g);
      const LRef = ref.lossAndGradient(p.theta, gRef);
      expect(Math.abs(L - LRef)).toBeLessThanOrEqual(1e-13 * LRef);
      expect(fast.loss(p.theta)).toBeCloseTo(LRef, 13);
      expect(relativeError(g, gRef)).toBeLessThan(1e-13);
    });

    it(`${label}, N ${count}: HVP equals the scalar reference to 1e-13, dense and one-hot directions`, () => {
      const p = randomProblem(arch, count, 20 + i);
      const P = p.theta.length;
      const fast = createHvpEvaluator(arch, p.data, { products: 'wasm' });
      const ref = createHvpEvaluator(arch, p.data, { products: 'scalar' });
      fast.prepare(p.theta);
      ref.prepare(p.theta);
      const rand = lcg(5 + i);
      const dirs = [uniformVector(P, rand), uniformVector(P, rand)];
      for (const k of [0, P >> 1, P - 1]) {
        const e = new Float64Array(P);
        e[k] = 1;
        dirs.push(e);
      }
      for (const v of dirs) {
        const out = new Float64Array(P);
        const outRef = new Float64Array(P);
        fast.apply(v, out);
        ref.apply(v, outRef);
        if (norm(outRef) === 0) expect(norm(out)).toBe(0);
        else expect(relativeError(out, outRef)).toBeLessThan(1e-13);
      }
    });
  });

  it('gradient and HVP equal central differences (3 layers 7 → 33 → 3 → 7, tanh/softplus, N 33)', () => {
    const arch = mlp([7, 33, 3, 7], ['tanh', 'softplus']);
    const p = randomProblem(arch, 33, 3);
    const P = p.theta.length;
    const ev = createLossEvaluator(arch, p.data, { kernel: 'general', products: 'wasm' });
    const g = new Float64Array(P);
    ev.lossAndGradient(p.theta, g);
    const h = 1e-6;
    for (const k of [0, 5, 100, P - 8, P - 1]) {
      const tp = Float64Array.from(p.theta);
      const tm = Float64Array.from(p.theta);
      tp[k] += h;
      tm[k] -= h;
      const fd = (ev.loss(tp) - ev.loss(tm)) / (2 * h);
      expect(Math.abs(g[k] - fd)).toBeLessThan(1e-7 * Math.max(1, norm(g)));
    }
    const hvp = createHvpEvaluator(arch, p.data, { products: 'wasm' });
    hvp.prepare(p.theta);
    const v = uniformVector(P, lcg(1));
    const Hv = new Float64Array(P);
    hvp.apply(v, Hv);
    const gp = new Float64Array(P);
    const gm = new Float64Array(P);
    const e = 1e-5;
    ev.lossAndGradient(p.theta.map((t, k) => t + e * v[k]), gp);
    ev.lossAndGradient(p.theta.map((t, k) => t - e * v[k]), gm);
    const fd = gp.map((x, k) => (x - gm[k]) / (2 * e));
    expect(relativeError(Hv, fd)).toBeLessThan(1e-7);
  });

  it('minibatch ranges and reordering match the reference', () => {
    const arch = mlp([7, 33, 3], ['tanh']);
    const p = randomProblem(arch, 101, 8);
    const fast = createLossEvaluator(arch, p.data, { kernel: 'general', products: 'wasm' });
    const ref = createLossEvaluator(arch, p.data, { kernel: 'general', products: 'scalar' });
    const order = Array.from({ length: 101 }, (_, k) => (k * 37) % 101);
    fast.reorder(order);
    ref.reorder(order);
    const P = p.theta.length;
    for (const [s, e] of [[0, 33], [33, 40], [40, 101]]) {
      const g = new Float64Array(P);
      const gRef = new Float64Array(P);
      const L = fast.lossAndGradientRange(p.theta, g, s, e);
      const LRef = ref.lossAndGradientRange(p.theta, gRef, s, e);
      expect(Math.abs(L - LRef)).toBeLessThanOrEqual(1e-13 * LRef);
      expect(relativeError(g, gRef)).toBeLessThan(1e-13);
    }
  });

  it('picks the GEMM for large nets and the scalar loops for tiny ones; scalar when asked', () => {
    const big = mlp([784, 30, 10], ['tanh']);
    expect(plannedProducts(big, 1000)).toBe('wasm');
    expect(plannedProducts(mlp([2, 4, 3, 1], ['tanh']), 20)).toBe('scalar');
    expect(plannedProducts(big, 1000, 'scalar')).toBe('scalar');
    expect(new BatchedNetwork(big, 50).products).toBe('wasm');
    expect(new BatchedNetwork(big, 50, { products: 'scalar' }).products).toBe('scalar');
  });
});

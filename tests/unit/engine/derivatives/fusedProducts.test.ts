/**
 * Which networks run their GEMM on the relaxed-SIMD FMA kernel (FUSED_PRODUCTS_MIN_WORK in
 * derivatives/twoLayer/batchedNetwork.ts): none of the paper's pinned teacher–student sizes, the
 * large nets of issue 14 yes; and on such a net loss, gradient and HVP still equal the plain-TS
 * reference products to 1e-13 (vitest's setup turns relaxed SIMD on, gemmFused.test.ts checks it).
 */
import { describe, expect, it } from 'vitest';
import { createHvpEvaluator } from '../../../../native-workers/engine/derivatives/hvp';
import { createLossEvaluator } from '../../../../native-workers/engine/derivatives/loss';
import { BatchedNetwork, FUSED_PRODUCTS_MIN_WORK, wantsFusedProducts } from '../../../../native-workers/engine/derivatives/twoLayer/batchedNetwork';
import { lcg, mlp, randomProblem, uniformVector } from '../../helpers/randomNetwork';
import { relativeError } from '../../helpers/vectors';

describe('FMA GEMM for large networks only', () => {
  it('keeps the paper-scale students (fig3c m ≤ 10 on 1,600 samples, fig3a m ≤ 7 on 30,000) off it, puts the large nets on it', () => {
    expect(wantsFusedProducts(mlp([2, 10, 1], ['relu'], [false, false]), 1600)).toBe(false);
    expect(wantsFusedProducts(mlp([2, 7, 1], ['relu']), 30_000)).toBe(false);
    expect(wantsFusedProducts(mlp([784, 30, 10], ['tanh']), 10_000)).toBe(true);
    expect(wantsFusedProducts(mlp([20, 80, 100, 2], ['tanh']), 2000)).toBe(true);
    // the threshold itself: Σ outputs·inputs·N
    expect(wantsFusedProducts(mlp([64, 64, 1], ['tanh']), Math.ceil(FUSED_PRODUCTS_MIN_WORK / (64 * 65)))).toBe(true);
    expect(wantsFusedProducts(mlp([64, 64, 1], ['tanh']), Math.floor(FUSED_PRODUCTS_MIN_WORK / (64 * 65)) - 1)).toBe(false);
    expect(new BatchedNetwork(mlp([2, 10, 1], ['tanh']), 1600).fusedProducts).toBe(false);
    expect(new BatchedNetwork(mlp([64, 48, 5], ['tanh']), 1400).fusedProducts).toBe(true);
  });

  const nets = [
    ['64 → 48 → 5 tanh', mlp([64, 48, 5], ['tanh']), 1400],
    ['40 → 50 → 60 → 3 tanh/softplus', mlp([40, 50, 60, 3], ['tanh', 'softplus']), 1051],
  ] as const;
  for (const [label, arch, count] of nets) {
    it(`${label}, N ${count} (on the FMA kernel): loss, gradient and HVP equal the scalar reference to 1e-13`, () => {
      expect(new BatchedNetwork(arch, count).fusedProducts).toBe(true);
      const p = randomProblem(arch, count, count);
      const P = p.theta.length;
      const fast = createLossEvaluator(arch, p.data, { kernel: 'general', products: 'wasm' });
      const ref = createLossEvaluator(arch, p.data, { kernel: 'general', products: 'scalar' });
      const g = new Float64Array(P);
      const gRef = new Float64Array(P);
      const L = fast.lossAndGradient(p.theta, g);
      const LRef = ref.lossAndGradient(p.theta, gRef);
      expect(Math.abs(L - LRef)).toBeLessThanOrEqual(1e-13 * LRef);
      expect(relativeError(g, gRef)).toBeLessThan(1e-13);
      const hvp = createHvpEvaluator(arch, p.data, { products: 'wasm' });
      const hvpRef = createHvpEvaluator(arch, p.data, { products: 'scalar' });
      hvp.prepare(p.theta);
      hvpRef.prepare(p.theta);
      const v = uniformVector(P, lcg(3));
      const out = new Float64Array(P);
      const outRef = new Float64Array(P);
      hvp.apply(v, out);
      hvpRef.apply(v, outRef);
      expect(relativeError(out, outRef)).toBeLessThan(1e-13);
    });
  }
});

/** Without WebAssembly SIMD (simulated: the GEMM module reports itself unavailable) the general path runs the scalar products. */
import { describe, expect, it, vi } from 'vitest';
import { createHvpEvaluator } from '../../../../native-workers/engine/derivatives/hvp';
import { createLossEvaluator } from '../../../../native-workers/engine/derivatives/loss';
import { lcg, mlp, randomProblem, uniformVector } from '../../helpers/randomNetwork';

vi.mock('../../../../native-workers/engine/wasm/gemm', () => ({
  wasmGemmAvailable: () => false,
  GemmArena: { create: () => null },
}));

describe('general path without WebAssembly SIMD', () => {
  it('falls back to the scalar products, even when the GEMM is asked for, with the same results as the reference', () => {
    const arch = mlp([7, 33, 3, 2], ['tanh', 'softplus']);
    const p = randomProblem(arch, 40, 4);
    const P = p.theta.length;
    const asked = createLossEvaluator(arch, p.data, { kernel: 'general', products: 'wasm' });
    const ref = createLossEvaluator(arch, p.data, { kernel: 'general', products: 'scalar' });
    expect(asked.products).toBe('scalar');
    const g = new Float64Array(P);
    const gRef = new Float64Array(P);
    expect(asked.lossAndGradient(p.theta, g)).toBe(ref.lossAndGradient(p.theta, gRef));
    expect(g).toEqual(gRef);
    const hvp = createHvpEvaluator(arch, p.data, { products: 'wasm' });
    const hvpRef = createHvpEvaluator(arch, p.data, { products: 'scalar' });
    hvp.prepare(p.theta);
    hvpRef.prepare(p.theta);
    const v = uniformVector(P, lcg(2));
    const out = new Float64Array(P);
    const outRef = new Float64Array(P);
    hvp.apply(v, out);
    hvpRef.apply(v, outRef);
    expect(out).toEqual(outRef);
  });
});

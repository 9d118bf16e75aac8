/**
 * The first layer's forward products on the sample-major copy of X (derivatives/sampleMajorInputs.ts,
 * denseOps.useSampleMajor → the GEMM's dot-product kernel): loss, gradient, HVP and block HVP on
 * 1-, 2- and 3-layer nets with odd sizes against the plain-TS reference products (products
 * 'scalar', which never see the copy) and against central finite differences; the copy is in use,
 * matches the path without it, and follows reordering and minibatch ranges.
 */
import { describe, expect, it } from 'vitest';
import { createHvpEvaluator, HvpEngine } from '../../../../native-workers/engine/derivatives/hvp';
import { createLossEvaluator } from '../../../../native-workers/engine/derivatives/loss';
import { predict } from '../../../../native-workers/engine/derivatives/forward';
import { BatchedNetwork } from '../../../../native-workers/engine/derivatives/twoLayer/batchedNetwork';
import { networkWithSampleMajorInputs } from '../../../../native-workers/engine/derivatives/sampleMajorInputs';
import type { Architecture } from '../../../../native-workers/engine/core/types';
import { lcg, mlp, randomProblem, uniformVector } from '../../helpers/randomNetwork';
import { norm, relativeError } from '../../helpers/vectors';


const nets: [string, Architecture, number][] = [
  ['1 layer 37 → 5, tanh output', mlp([37, 5], [], true, 'tanh'), 131],
  ['2 layers 29 → 7 → 3 tanh', mlp([29, 7, 3], ['tanh']), 97],
  ['2 layers 5 → 30 → 1 softplus, no biases', mlp([5, 30, 1], ['softplus'], false), 259],
  ['3 layers 21 → 9 → 11 → 2 (tanh, sigmoid)', mlp([21, 9, 11, 2], ['tanh', 'sigmoid']), 203],
  // hidden layers ≥ TRANSPOSE_MIN wide: per-call transposes in the forward and backward products
  ['3 layers 13 → 37 → 41 → 3 (tanh, softplus), partial bias', mlp([13, 37, 41, 3], ['tanh', 'softplus'], [true, false, true]), 77],
];

describe('first-layer products on the sample-major copy of X', () => {
  it('the copy is made when the products run on the GEMM, not for the scalar products; it is Xᵀ of the stored inputs', () => {
    const p = randomProblem(nets[1][1], 97, 1);
    const w = networkWithSampleMajorInputs(p.architecture, 97, { products: 'wasm', extra: [5, 7] });
    const s = networkWithSampleMajorInputs(p.architecture, 97, { products: 'scalar', extra: [5, 7] });
    expect(w.sampleMajor).toBe(true);
    expect(s.sampleMajor).toBe(false);
    expect(w.extra.map((e) => e.length)).toEqual([5, 7]);
    expect(s.extra.map((e) => e.length)).toEqual([5, 7]);
    // forward with and without the copy: same outputs to 1e-13 (different summation order)
    w.setInputs(p.data.X);
    const withCopy = Float64Array.from(w.net.forward(p.theta));
    w.net.ops.useSampleMajor(w.net.Xt, null);
    const without = Float64Array.from(w.net.forward(p.theta));
    expect(relativeError(withCopy, without)).toBeLessThan(1e-13);
    expect(Array.from(withCopy)).not.toEqual(Array.from(without)); // the copy was really read
  });

  nets.forEach(([label, arch, count], i) => {
    it(`${label}, N ${count}: loss, gradient and HVP equal the scalar reference to 1e-13`, () => {
      const p = randomProblem(arch, count, 40 + i);
      const P = p.theta.length;
      const fast = createLossEvaluator(arch, p.data, { kernel: 'general', products: 'wasm' });
      const ref = createLossEvaluator(arch, p.data, { kernel: 'general', products: 'scalar' });
      const g = new Float64Array(P);
      const gRef = new Float64Array(P);
      const L = fast.lossAndGradient(p.theta, g);
      const LRef = ref.lossAndGradient(p.theta, gRef);
      expect(Math.abs(L - LRef)).toBeLessThanOrEqual(1e-13 * LRef);
      expect(relativeError(g, gRef)).toBeLessThan(1e-13);
      const hf = createHvpEvaluator(arch, p.data, { products: 'wasm' });
      const hr = createHvpEvaluator(arch, p.data, { products: 'scalar' });
      expect(Math.abs(hf.prepare(p.theta) - LRef)).toBeLessThanOrEqual(1e-13 * LRef);
      hr.prepare(p.theta);
      const v = uniformVector(P, lcg(60 + i));
      const out = new Float64Array(P);
      const outRef = new Float64Array(P);
      hf.apply(v, out);
      hr.apply(v, outRef);
      expect(relativeError(out, outRef)).toBeLessThan(1e-13);
    });

    it(`${label}, N ${count}: gradient and HVP equal central differences`, () => {
      const p = randomProblem(arch, count, 70 + i);
      const P = p.theta.length;
      const ev = createLossEvaluator(arch, p.data, { kernel: 'general', products: 'wasm' });
      const g = new Float64Array(P);
      ev.lossAndGradient(p.theta, g);
      const h = 1e-6;
      for (const k of [0, 3, P >> 1, P - 2, P - 1]) {
        const tp = Float64Array.from(p.theta);
        const tm = Float64Array.from(p.theta);
        tp[k] += h;
        tm[k] -= h;
        const fd = (ev.loss(tp) - ev.loss(tm)) / (2 * h);
        expect(Math.abs(g[k] - fd)).toBeLessThan(1e-7 * Math.max(1, norm(g)));
      }
      const hvp = createHvpEvaluator(arch, p.data, { products: 'wasm' });
      hvp.prepare(p.theta);
      const v = uniformVector(P, lcg(80 + i));
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
  });

  it('wide hidden layers go through the transpose scratch: same gradient and HVP as without it to 1e-13', () => {
    const [, arch, count] = nets[4];
    const p = randomProblem(arch, count, 99);
    const P = p.theta.length;
    const w = networkWithSampleMajorInputs(arch, count, { products: 'wasm' });
    w.setInputs(p.data.X);
    w.net.setTargets(p.data.Y);
    const g = new Float64Array(P);
    const gNo = new Float64Array(P);
    w.net.lossAndGradient(p.theta, g);
    w.net.ops.useScratch(null);
    w.net.lossAndGradient(p.theta, gNo);
    expect(relativeError(g, gNo)).toBeLessThan(1e-13);
    expect(Array.from(g)).not.toEqual(Array.from(gNo)); // the transposed products really ran
  });

  it('predict (GEMM with the copy) equals the scalar reference forward to 1e-13', () => {
    const [, arch, count] = nets[3];
    const p = randomProblem(arch, count, 97);
    const out = predict(arch, p.theta, p.data.X, count);
    const ref = new BatchedNetwork(arch, count, { gradient: false, products: 'scalar' });
    ref.setInputs(p.data.X);
    ref.forward(p.theta);
    expect(relativeError(out, ref.outputsRowMajor())).toBeLessThan(1e-13);
  });

  it('block HVPs (stacked first layer on the copy) equal the scalar reference, direction by direction', () => {
    const [, arch, count] = nets[3];
    const p = randomProblem(arch, count, 90);
    const P = p.theta.length;
    const b = 3;
    const fast = new HvpEngine(arch, p.data, { block: b, products: 'wasm' });
    const ref = new HvpEngine(arch, p.data, { products: 'scalar' });
    fast.prepare(p.theta);
    ref.prepare(p.theta);
    const V = uniformVector(b * P, lcg(91));
    const out = new Float64Array(b * P);
    fast.applyBlock(V, out, b);
    for (let j = 0; j < b; j++) {
      const o = new Float64Array(P);
      ref.apply(V.subarray(j * P, (j + 1) * P), o);
      expect(relativeError(out.subarray(j * P, (j + 1) * P), o)).toBeLessThan(1e-13);
    }
  });

  it('reordering and minibatch ranges refresh the copy (1 layer: the first layer is all there is)', () => {
    const arch = mlp([37, 5], [], true, 'tanh');
    const N = 131;
    const p = randomProblem(arch, N, 95);
    const P = p.theta.length;
    const fast = createLossEvaluator(arch, p.data, { kernel: 'general', products: 'wasm' });
    const ref = createLossEvaluator(arch, p.data, { kernel: 'general', products: 'scalar' });
    const check = (s: number, e: number): void => {
      const g = new Float64Array(P);
      const gRef = new Float64Array(P);
      const L = fast.lossAndGradientRange(p.theta, g, s, e);
      const LRef = ref.lossAndGradientRange(p.theta, gRef, s, e);
      expect(Math.abs(L - LRef)).toBeLessThanOrEqual(1e-13 * LRef);
      expect(relativeError(g, gRef)).toBeLessThan(1e-13);
      expect(Math.abs(fast.lossRange(p.theta, s, e) - LRef)).toBeLessThanOrEqual(1e-13 * LRef);
    };
    check(0, 64);
    check(64, 128);
    const order = Array.from({ length: N }, (_, k) => (k * 17) % N);
    fast.reorder(order);
    ref.reorder(order);
    check(0, 64);
    check(64, 128);
    check(0, N);
  });
});

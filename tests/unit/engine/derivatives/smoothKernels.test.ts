import { describe, expect, it } from 'vitest';
import { hessian } from '../../../../native-workers/engine/derivatives/hessian';
import { createHessianArena } from '../../../../native-workers/engine/derivatives/twoLayer/hessianTwoLayerWasm';
import { applyActivation } from '../../../../native-workers/engine/core/activationArrays';
import { createLossEvaluator, type LossKernel } from '../../../../native-workers/engine/derivatives/loss';
import { Rng } from '../../../../native-workers/engine/core/random';
import { DerivativeShapeError } from '../../../../native-workers/engine/core/shapes';
import { MinibatchSource } from '../../../../native-workers/engine/train/batches';
import { encodeModule, ValType } from '../../../../native-workers/engine/wasm/encoder';
import { emitExpNeg, emitLog1pUnit, FnBuilder } from '../../../../native-workers/engine/wasm/vectorMath';
import type { ActivationName, Architecture, Dataset } from '../../../../native-workers/engine/core/types';
import { lcg, maxAbs, maxAbsDiff, mlp, randomProblem } from '../../helpers/randomNetwork';

const { I32 } = ValType;

/** Runs the vector exp/expm1/log1p building blocks over `a` (pairs of lanes) in a tiny module. */
function vectorMath(a: Float64Array, u: Float64Array): { e: Float64Array; em: Float64Array; l: Float64Array } {
  const n = a.length;
  const fb = new FnBuilder('map', [I32, I32], []);
  const [p, end] = [0, 1];
  const [x, e, em, y, l] = [fb.v(), fb.v(), fb.v(), fb.v(), fb.v()];
  const t = [fb.v(), fb.v(), fb.v(), fb.v()];
  const c = fb.c;
  c.loop();
  c.get(p).v128Load(0).set(x);
  emitExpNeg(fb, x, e, em, t);
  c.get(p).get(e).v128Store(16);
  c.get(p).get(em).v128Store(32);
  c.get(p).v128Load(48).set(y);
  emitLog1pUnit(fb, y, l, t);
  c.get(p).get(l).v128Store(64);
  c.get(p).i32(80).i32Add().tee(p).get(end).i32LtU().brIf(0).end();
  const module = new WebAssembly.Module(encodeModule([fb.build()]));
  const memory = new WebAssembly.Memory({ initial: Math.ceil((n * 40 + 80) / 65536) + 1 });
  const run = new WebAssembly.Instance(module, { e: { m: memory } }).exports as unknown as { map(p: number, end: number): void };
  const F = new Float64Array(memory.buffer);
  const pairs = Math.ceil(n / 2);
  for (let i = 0; i < n; i++) {
    const at = (i >> 1) * 10 + (i & 1);
    F[at] = a[i];
    F[at + 6] = u[i];
  }
  run.map(0, pairs * 80);
  const pick = (off: number): Float64Array => Float64Array.from({ length: n }, (_, i) => F[(i >> 1) * 10 + (i & 1) + off]);
  return { e: pick(2), em: pick(4), l: pick(8) };
}

function ulpRel(got: number, want: number): number {
  if (got === want) return 0;
  if (want === 0) return Math.abs(got) < 1e-300 ? 0 : Infinity;
  return Math.abs(got - want) / Math.abs(want);
}

describe('vector exp(−a), expm1(−a), log1p(u) (wasm/vectorMath.ts)', () => {
  const rand = lcg(3);
  const special = [0, 5e-324, 1e-300, 1e-17, 1e-9, 0.1, 0.34657359, 0.5, 1, 2, 10, 30, 700, 708.4, 709, 744, 745.1, 746, 1399, 1e4, Infinity];
  const a = Float64Array.from([...special, ...Array.from({ length: 4000 }, () => 40 * rand() ** 3)]);
  const u = Float64Array.from({ length: a.length }, (_, i) => (i < special.length ? Math.min(1, special[i]) : rand()));
  u[1] = 0.41421356237309503;
  u[2] = 0.4142135623730951;
  const { e, em, l } = vectorMath(a, u);

  it('exp(−a) is within 3e-16 relative of Math.exp over [0, 40] and the tails, 0 beyond underflow', () => {
    for (let i = 0; i < a.length; i++) {
      const want = Math.exp(-a[i]);
      if (want < 2.3e-308) expect(Math.abs(e[i] - want), `exp(−${a[i]})`).toBeLessThan(1e-320);
      else expect(ulpRel(e[i], want), `exp(−${a[i]})`).toBeLessThan(3e-16);
    }
    expect(e[0]).toBe(1);
    expect(e[special.length - 1]).toBe(0);
  });

  it('expm1(−a) keeps full relative accuracy for tiny a', () => {
    for (let i = 0; i < a.length; i++) expect(ulpRel(em[i], Math.expm1(-a[i])), `expm1(−${a[i]})`).toBeLessThan(4e-16);
    expect(ulpRel(em[2], -1e-300)).toBeLessThan(4e-16);
    expect(ulpRel(em[3], -1e-17)).toBeLessThan(4e-16);
  });

  it('log1p(u) on [0, 1] is within 5e-16 relative of Math.log1p, both sides of the √2 − 1 switch', () => {
    for (let i = 0; i < u.length; i++) expect(ulpRel(l[i], Math.log1p(u[i])), `log1p(${u[i]})`).toBeLessThan(5e-16);
  });

  it('propagates NaN', () => {
    const r = vectorMath(Float64Array.from([NaN, 1]), Float64Array.from([NaN, 0.5]));
    expect(r.e[0]).toBeNaN();
    expect(r.em[0]).toBeNaN();
    expect(r.l[0]).toBeNaN();
    expect(r.e[1]).toBeCloseTo(Math.exp(-1), 15);
  });
});

function relGradErr(g: Float64Array, g0: Float64Array): number {
  return maxAbsDiff(g, g0) / Math.max(maxAbs(g0), 1e-300);
}

function subset(data: Dataset, order: ArrayLike<number>, s: number, e: number): Dataset {
  const d = data.inputDim;
  const k = data.outputDim;
  const X = new Float64Array((e - s) * d);
  const Y = new Float64Array((e - s) * k);
  for (let i = s; i < e; i++) {
    const src = order[i];
    for (let t = 0; t < d; t++) X[(i - s) * d + t] = data.X[src * d + t];
    for (let t = 0; t < k; t++) Y[(i - s) * k + t] = data.Y[src * k + t];
  }
  return { count: e - s, inputDim: d, outputDim: k, X, Y };
}

describe('smooth SIMD and fused scalar kernels equal the general path to 1e-12', () => {
  const cases: [string, Architecture, number, number][] = [
    ['softplus d=2 m=5, odd N', mlp([2, 5, 1], ['softplus']), 41, 1],
    ['sigmoid d=2 m=3', mlp([2, 3, 1], ['sigmoid']), 64, 1],
    ['tanh d=2 m=4, no hidden bias', mlp([2, 4, 1], ['tanh'], [false, true]), 33, 1],
    ['softplus d=1 m=6, no output bias', mlp([1, 6, 1], ['softplus'], [true, false]), 20, 1],
    ['tanh d=1 m=2', mlp([1, 2, 1], ['tanh']), 17, 1],
    ['sigmoid d=3 m=4 (fused scalar, d > 2)', mlp([3, 4, 1], ['sigmoid']), 30, 1],
    // large weights push pre-activations deep into both tails (|z| up to ~ 10³)
    ['softplus d=2 m=4, tails', mlp([2, 4, 1], ['softplus']), 40, 300],
    ['sigmoid d=2 m=4, tails', mlp([2, 4, 1], ['sigmoid']), 40, 300],
    ['tanh d=2 m=4, tails', mlp([2, 4, 1], ['tanh']), 40, 300],
  ];
  cases.forEach(([label, arch, N, scale], i) => {
    it(label, () => {
      const p = randomProblem(arch, N, 50 + i);
      if (scale !== 1) for (let j = 0; j < p.theta.length; j++) p.theta[j] *= j % 3 === 0 ? scale : 1;
      const general = createLossEvaluator(arch, p.data, { kernel: 'general' });
      const g0 = new Float64Array(p.theta.length);
      const L0 = general.lossAndGradient(p.theta, g0);
      expect(maxAbs(g0)).toBeGreaterThan(1e-6);
      const kernels: LossKernel[] = ['scalar'];
      if (createLossEvaluator(arch, p.data).kernel === 'wasm') kernels.push('wasm');
      expect(kernels.length, 'SIMD kernel available for d ≤ 2').toBe(arch.layers[0].inputs <= 2 ? 2 : 1);
      for (const kernel of kernels) {
        const ev = createLossEvaluator(arch, p.data, { kernel });
        const g = new Float64Array(p.theta.length);
        expect(Math.abs(ev.lossAndGradient(p.theta, g) - L0) / L0, kernel).toBeLessThan(1e-12);
        expect(Math.abs(ev.loss(p.theta) - L0) / L0, kernel).toBeLessThan(1e-12);
        expect(relGradErr(g, g0), kernel).toBeLessThan(1e-12);
      }
    });
  });

  it('NaN in θ gives a NaN loss on every kernel', () => {
    for (const act of ['softplus', 'sigmoid', 'tanh'] as ActivationName[]) {
      const p = randomProblem(mlp([2, 3, 1], [act]), 10, 4);
      p.theta[0] = NaN;
      for (const kernel of ['general', 'scalar', 'wasm'] as LossKernel[]) {
        expect(createLossEvaluator(p.architecture, p.data, { kernel }).loss(p.theta), `${act} ${kernel}`).toBeNaN();
      }
    }
  });
});

describe('minibatch ranges and sample order', () => {
  const nets: [string, Architecture][] = [
    ['relu d=2 (SIMD)', mlp([2, 5, 1], ['relu'])],
    ['softplus d=2 (SIMD)', mlp([2, 5, 1], ['softplus'])],
    ['tanh d=3 (scalar)', mlp([3, 4, 1], ['tanh'])],
    ['relu d=2 → 3 → 2 (general)', mlp([2, 3, 2], ['relu'])],
  ];
  const N = 23;
  const ranges: [number, number][] = [
    [0, 23],
    [0, 8],
    [8, 16],
    [16, 23],
    [3, 10],
    [5, 6],
    [22, 23],
  ];
  nets.forEach(([label, arch], i) => {
    it(`${label}: lossAndGradientRange equals a fresh evaluator on the batch, before and after reorder`, () => {
      const p = randomProblem(arch, N, 80 + i);
      const kernels: LossKernel[] = ['general'];
      const auto = createLossEvaluator(arch, p.data);
      if (auto.kernel !== 'general') kernels.push('scalar');
      if (auto.kernel === 'wasm') kernels.push('wasm');
      const rand = lcg(9 + i);
      const perm = Array.from({ length: N }, (_, n) => n);
      for (let n = N - 1; n > 0; n--) {
        const j = Math.floor(rand() * (n + 1));
        [perm[n], perm[j]] = [perm[j], perm[n]];
      }
      const identity = Array.from({ length: N }, (_, n) => n);
      for (const kernel of kernels) {
        const ev = createLossEvaluator(arch, p.data, { kernel });
        for (const order of [identity, perm, identity]) {
          ev.reorder(order === identity ? null : order);
          for (const [s, e] of ranges) {
            const ref = createLossEvaluator(arch, subset(p.data, order, s, e), { kernel: 'general' });
            const g0 = new Float64Array(p.theta.length);
            const L0 = ref.lossAndGradient(p.theta, g0);
            const g = new Float64Array(p.theta.length);
            const L = ev.lossAndGradientRange(p.theta, g, s, e);
            const tag = `${kernel} [${s}, ${e}) ${order === perm ? 'shuffled' : 'identity'}`;
            expect(Math.abs(L - L0) / L0, tag).toBeLessThan(1e-12);
            expect(Math.abs(ev.lossRange(p.theta, s, e) - L0) / L0, tag).toBeLessThan(1e-12);
            expect(relGradErr(g, g0), tag).toBeLessThan(1e-12);
          }
        }
        // the full-data loss does not depend on the order (beyond rounding) and masks are restored
        ev.reorder(perm);
        ev.lossAndGradientRange(p.theta, new Float64Array(p.theta.length), 3, 10);
        const full = createLossEvaluator(arch, p.data, { kernel: 'general' }).loss(p.theta);
        expect(Math.abs(ev.loss(p.theta) - full) / full, kernel).toBeLessThan(1e-13);
      }
    });
  });

  it('rejects bad ranges and orders with a message naming the problem', () => {
    const p = randomProblem(mlp([2, 3, 1], ['softplus']), 6, 1);
    const ev = createLossEvaluator(p.architecture, p.data);
    const g = new Float64Array(p.theta.length);
    expect(() => ev.lossAndGradientRange(p.theta, g, 4, 4)).toThrow(/range \[4, 4\)/);
    expect(() => ev.lossRange(p.theta, -1, 3)).toThrow(DerivativeShapeError);
    expect(() => ev.lossRange(p.theta, 0, 7)).toThrow(/≤ 6/);
    expect(() => ev.reorder([0, 1, 2])).toThrow(/order has 3 entries, expected 6/);
    expect(() => ev.reorder([0, 1, 2, 3, 3, 5])).toThrow(/order\[4\] = 3/);
  });
});

describe('MinibatchSource on one evaluator', () => {
  it('batches of each epoch partition a Fisher–Yates permutation and match fresh evaluators on them', () => {
    const p = randomProblem(mlp([2, 4, 1], ['softplus']), 19, 12);
    const source = new MinibatchSource(p.architecture, p.data, 5);
    expect(source.batches).toBe(4);
    const rng = new Rng(5);
    const twin = new Rng(5);
    const order = Array.from({ length: 19 }, (_, i) => i);
    for (let epoch = 0; epoch < 3; epoch++) {
      source.shuffle(rng);
      for (let i = 18; i > 0; i--) {
        const j = Math.floor(twin.uniform() * (i + 1));
        [order[i], order[j]] = [order[j], order[i]];
      }
      let total = 0;
      for (let b = 0; b < source.batches; b++) {
        const s = 5 * b;
        const e = Math.min(s + 5, 19);
        const g = new Float64Array(p.theta.length);
        const L = source.lossAndGradient(p.theta, b, g);
        const g0 = new Float64Array(p.theta.length);
        const L0 = createLossEvaluator(p.architecture, subset(p.data, order, s, e), { kernel: 'general' }).lossAndGradient(p.theta, g0);
        expect(Math.abs(L - L0) / L0).toBeLessThan(1e-12);
        expect(relGradErr(g, g0)).toBeLessThan(1e-12);
        total += L * (e - s);
      }
      const full = createLossEvaluator(p.architecture, p.data, { kernel: 'general' }).loss(p.theta);
      expect(Math.abs(total / 19 - full) / full).toBeLessThan(1e-13);
    }
  });
});

describe('two-layer Hessian with the SIMD Gram and activation kernels', () => {
  it('the arena activation reproduces activationArrays.ts to 1e-15 relative, tails included', () => {
    const zs = Float64Array.from({ length: 202 }, (_, i) => (i < 200 ? -50 + 0.5 * i + 0.013 : i === 200 ? -800 : 800));
    for (const act of ['softplus', 'sigmoid', 'tanh'] as const) {
      const arena = createHessianArena(4, 2, zs.length, act);
      expect(arena?.activate).toBeTypeOf('function');
      arena!.Z.set(zs);
      arena!.activate!();
      const f = new Float64Array(zs.length), d1 = new Float64Array(zs.length), d2 = new Float64Array(zs.length);
      applyActivation(act, zs, zs.length, f, d1, d2);
      for (const [got, want, name] of [[arena!.Hd, f, 'f'], [arena!.S1, d1, 'd1'], [arena!.S2, d2, 'd2']] as const) {
        for (let i = 0; i < zs.length; i++) {
          const err = Math.abs(got[i] - want[i]);
          expect(err, `${act}.${name}(${zs[i]})`).toBeLessThanOrEqual(1e-15 * Math.abs(want[i]) + 1e-300);
        }
      }
    }
  });

  const cases: [string, Architecture, number, number][] = [
    ['sigmoid 2 → 5 → 1, odd N below one chunk', mlp([2, 5, 1], ['sigmoid']), 37, 1],
    ['softplus 2 → 6 → 1, several chunks, odd last one', mlp([2, 6, 1], ['softplus']), 301, 1],
    ['tanh 1 → 3 → 2, no hidden bias', mlp([1, 3, 2], ['tanh'], [false, true]), 45, 1],
    ['softplus 2 → 4 → 1, tails', mlp([2, 4, 1], ['softplus']), 60, 40],
    ['gelu 2 → 3 → 1 (SIMD Gram, plain activation)', mlp([2, 3, 1], ['gelu']), 33, 1],
  ];
  cases.forEach(([label, arch, N, scale], i) => {
    it(`${label}: equals the Hessian assembled from exact HVPs to 1e-12`, () => {
      const p = randomProblem(arch, N, 900 + i);
      if (scale !== 1) for (let j = 0; j < p.theta.length; j++) p.theta[j] *= j % 3 === 0 ? scale : 1;
      const Hh = hessian(p.architecture, p.theta, p.data, { kernel: 'hvp' });
      const H = hessian(p.architecture, p.theta, p.data, { kernel: 'two-layer' });
      expect(maxAbsDiff(H, Hh) / maxAbs(Hh)).toBeLessThan(1e-12);
    });
  });
});

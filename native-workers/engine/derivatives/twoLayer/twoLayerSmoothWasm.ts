/**
 * WebAssembly SIMD kernel (f64x2, two samples per lane pair) for loss and gradient of
 * d → m → 1 networks with d ≤ 2 and a softplus, sigmoid or tanh hidden layer — the fig6
 * setting that trains thousands of students. exp, expm1 and log1p are inlined vector polynomials
 * (wasm/vectorMath.ts), so one pass per unit computes zⱼ, σ(zⱼ), σ'(zⱼ) with a single exp and
 * no calls. The plain-TS kernels (twoLayerLoss.ts, batchedNetwork.ts) are its references.
 *
 * Memory (bytes): 0: c, 8: Σ rₙ (output); 16: per unit 32 bytes [w₀, w₁, b, a]; then per unit
 * 32 bytes of sums [Σ r·h, Σ r·σ'·x₀, Σ r·σ'·x₁, Σ r·σ']; then per pair of samples 128 bytes, each
 * field two lanes: x₀ @0, x₁ @16, y @32, mask @48 (0 pads an odd N), r @64 (f during the
 * forward); then hⱼ and σ'ⱼ per unit and pair (32 bytes: h @0, σ' @16), unit-major.
 * Ranges [s, e) mask the lanes just outside them, as in twoLayerWasm.ts.
 */
import { encodeModule, ValType } from '../../wasm/encoder';
import { emitSmoothActivation } from '../../wasm/smoothActivation';
import { FnBuilder } from '../../wasm/vectorMath';
import type { SmoothActivation } from './twoLayerSmooth';
import type { TwoLayerShape } from './twoLayerShape';
import type { RangeLossKernel } from './twoLayerWasm';
import type { Dataset } from '../../core/types';
import { PAIR_BYTES, packSamplePairs, writeUnits } from './samplePairs';

const { I32, F64 } = ValType;
const UNIT_BYTES = 32;
const HS_BYTES = 32;

/** forward(m, pairs, samples, hs, hsStride) → Σ r² (also stores Σ r at byte 8, and h, σ' when `keep`). */
function forwardFn(act: SmoothActivation, keep: boolean): FnBuilder {
  const fb = new FnBuilder(keep ? 'forwardKeep' : 'forward', [I32, I32, I32, I32, I32], [F64]);
  const [m, pairs, sp, hp, hstride] = [0, 1, 2, 3, 4];
  const p = fb.i32();
  const end = fb.i32();
  const u = fb.i32();
  const uend = fb.i32();
  const q = fb.i32();
  const hrow = fb.i32();
  const [w0, w1, b, a, z, h, s, f] = [fb.v(), fb.v(), fb.v(), fb.v(), fb.v(), fb.v(), fb.v(), fb.v()];
  const c = fb.c;
  c.get(sp).get(pairs).i32(PAIR_BYTES).i32Mul().i32Add().set(end);
  // f ← c
  c.i32(0).v128Load64Splat(0).set(f);
  c.get(sp).set(p);
  c.loop().get(p).get(f).v128Store(64).get(p).i32(PAIR_BYTES).i32Add().tee(p).get(end).i32LtU().brIf(0).end();
  c.i32(16).set(u);
  c.i32(16).get(m).i32(UNIT_BYTES).i32Mul().i32Add().set(uend);
  c.get(hp).set(hrow);
  c.block().get(m).i32Eqz().brIf(0);
  c.loop();
  [w0, w1, b, a].forEach((local, i) => c.get(u).v128Load64Splat(8 * i).set(local));
  c.get(sp).set(p);
  c.get(hrow).set(q);
  c.loop();
  c.get(p).v128Load(0).set(z);
  fb.op(z, 'mul', z, w0);
  c.get(p).v128Load(16).set(f);
  fb.madd(z, f, w1, z).op(z, 'add', z, b);
  emitSmoothActivation(fb, act, z, h, keep ? s : null);
  if (keep) {
    c.get(q).get(h).v128Store(0);
    c.get(q).get(s).v128Store(16);
  }
  c.get(p).v128Load(64).set(f);
  fb.madd(f, a, h, f);
  c.get(p).get(f).v128Store(64);
  c.get(q).i32(HS_BYTES).i32Add().set(q);
  c.get(p).i32(PAIR_BYTES).i32Add().tee(p).get(end).i32LtU().brIf(0).end();
  c.get(hrow).get(hstride).i32Add().set(hrow);
  c.get(u).i32(UNIT_BYTES).i32Add().tee(u).get(uend).i32LtU().brIf(0).end();
  c.end();
  // residual pass: r = (f − y)·mask, Σ r², Σ r
  const [r, sum2, sumr] = [w0, w1, b];
  c.get(fb.k(0)).set(sum2).get(fb.k(0)).set(sumr);
  c.get(sp).set(p);
  c.loop();
  c.get(p).v128Load(64).get(p).v128Load(32).f64x2Sub().get(p).v128Load(48).f64x2Mul().set(r);
  c.get(p).get(r).v128Store(64);
  fb.madd(sum2, r, r, sum2).op(sumr, 'add', sumr, r);
  c.get(p).i32(PAIR_BYTES).i32Add().tee(p).get(end).i32LtU().brIf(0).end();
  c.i32(0).get(sumr).f64x2ExtractLane(0).get(sumr).f64x2ExtractLane(1).f64Add().f64Store(8);
  c.get(sum2).f64x2ExtractLane(0).get(sum2).f64x2ExtractLane(1).f64Add();
  return fb;
}

/** backward(m, pairs, samples, hs, hsStride, sums): per unit [Σ r·h, Σ r·σ'·x₀, Σ r·σ'·x₁, Σ r·σ']. */
function backwardFn(): FnBuilder {
  const fb = new FnBuilder('backward', [I32, I32, I32, I32, I32, I32], []);
  const [m, pairs, sp, hp, hstride, sums] = [0, 1, 2, 3, 4, 5];
  const p = fb.i32();
  const end = fb.i32();
  const o = fb.i32();
  const oend = fb.i32();
  const q = fb.i32();
  const hrow = fb.i32();
  const [sh, s0, s1, st, r, t] = [fb.v(), fb.v(), fb.v(), fb.v(), fb.v(), fb.v()];
  const zero = fb.k(0);
  const c = fb.c;
  c.get(sp).get(pairs).i32(PAIR_BYTES).i32Mul().i32Add().set(end);
  c.get(sums).set(o);
  c.get(sums).get(m).i32(UNIT_BYTES).i32Mul().i32Add().set(oend);
  c.get(hp).set(hrow);
  c.block().get(m).i32Eqz().brIf(0);
  c.loop();
  for (const acc of [sh, s0, s1, st]) c.get(zero).set(acc);
  c.get(sp).set(p);
  c.get(hrow).set(q);
  c.loop();
  c.get(p).v128Load(64).set(r);
  c.get(q).v128Load(0).set(t);
  fb.madd(sh, r, t, sh);
  c.get(q).v128Load(16).set(t);
  fb.op(t, 'mul', r, t).op(st, 'add', st, t);
  c.get(p).v128Load(0).set(r);
  fb.madd(s0, t, r, s0);
  c.get(p).v128Load(16).set(r);
  fb.madd(s1, t, r, s1);
  c.get(q).i32(HS_BYTES).i32Add().set(q);
  c.get(p).i32(PAIR_BYTES).i32Add().tee(p).get(end).i32LtU().brIf(0).end();
  [sh, s0, s1, st].forEach((acc, i) => {
    c.get(o).get(acc).f64x2ExtractLane(0).get(acc).f64x2ExtractLane(1).f64Add().f64Store(8 * i);
  });
  c.get(hrow).get(hstride).i32Add().set(hrow);
  c.get(o).i32(UNIT_BYTES).i32Add().tee(o).get(oend).i32LtU().brIf(0).end();
  c.end();
  return fb;
}

const compiled = new Map<SmoothActivation, WebAssembly.Module | null>();

function smoothModule(act: SmoothActivation): WebAssembly.Module | null {
  if (compiled.has(act)) return compiled.get(act)!;
  let module: WebAssembly.Module | null = null;
  try {
    if (typeof WebAssembly === 'object') {
      const bytes = encodeModule([forwardFn(act, false).build(), forwardFn(act, true).build(), backwardFn().build()]);
      module = new WebAssembly.Module(bytes);
    }
  } catch {
    module = null;
  }
  compiled.set(act, module);
  return module;
}

/** Whether the SIMD kernel applies to this network here (softplus/sigmoid/tanh, d ≤ 2, SIMD available). */
export function wasmSmoothLossSupported(shape: TwoLayerShape): boolean {
  const act = shape.activation;
  return (act === 'softplus' || act === 'sigmoid' || act === 'tanh') && shape.inputDim <= 2 && smoothModule(act) !== null;
}

interface SmoothExports {
  forward(m: number, pairs: number, samples: number, hs: number, hsStride: number): number;
  forwardKeep(m: number, pairs: number, samples: number, hs: number, hsStride: number): number;
  backward(m: number, pairs: number, samples: number, hs: number, hsStride: number, sums: number): void;
}

export function createWasmSmoothLoss(shape: TwoLayerShape, data: Dataset): RangeLossKernel {
  const act = shape.activation as SmoothActivation;
  const module = smoothModule(act);
  if (!module) throw new Error('WebAssembly SIMD is not available');
  const N = data.count;
  const d = shape.inputDim;
  const m = shape.width;
  const samplePairs = Math.ceil(N / 2);
  const sums = 16 + m * UNIT_BYTES;
  const base = sums + m * UNIT_BYTES;
  const hs = base + samplePairs * PAIR_BYTES;
  const hsStride = samplePairs * HS_BYTES;
  const bytes = hs + m * hsStride;
  const memory = new WebAssembly.Memory({ initial: Math.ceil(bytes / 65536) });
  const exports = new WebAssembly.Instance(module, { e: { m: memory } }).exports as unknown as SmoothExports;
  const F = new Float64Array(memory.buffer);
  const samples = packSamplePairs(F, base, data);
  const load = (theta: Float64Array): void => writeUnits(F, theta, shape);
  /** Masks the lanes outside [s, e); returns [samples ptr, pairs, hs ptr]. */
  const enter = (s: number, e: number): [number, number, number] => {
    const [at, pairs] = samples.enter(s, e);
    return [at, pairs, hs + (s >> 1) * HS_BYTES];
  };
  const sum0 = sums / 8;

  return {
    reorder: samples.reorder,
    loss(theta, s = 0, e = N) {
      load(theta);
      const [at, pairs, h] = enter(s, e);
      const sumSq = exports.forward(m, pairs, at, h, hsStride);
      samples.leave(s, e);
      return sumSq / (e - s);
    },
    lossAndGradient(theta, grad, s = 0, e = N) {
      load(theta);
      const [at, pairs, h] = enter(s, e);
      const sumSq = exports.forwardKeep(m, pairs, at, h, hsStride);
      exports.backward(m, pairs, at, h, hsStride, sums);
      samples.leave(s, e);
      const k = 2 / (e - s);
      if (shape.c >= 0) grad[shape.c] = k * F[1];
      for (let j = 0; j < m; j++) {
        const o = sum0 + 4 * j;
        const ka = k * theta[shape.a + j];
        grad[shape.a + j] = k * F[o];
        grad[shape.w + j * d] = ka * F[o + 1];
        if (d >= 2) grad[shape.w + j * d + 1] = ka * F[o + 2];
        if (shape.b >= 0) grad[shape.b + j] = ka * F[o + 3];
      }
      return sumSq / (e - s);
    },
  };
}

/**
 * WebAssembly SIMD kernel (f64x2, two samples per lane pair) for loss and gradient of
 * d → m → 1 relu networks with d ≤ 2 — the paper's teacher–student setting and the trainers'
 * hot path. The module is assembled at runtime by wasm/encoder.ts; the plain-TS kernels in
 * twoLayerLoss.ts and batchedNetwork.ts are the references it is tested against.
 *
 * Memory layout (bytes): 0: c, 8: Σ rₙ (output); 16: per unit j, 32 bytes [w₀, w₁, b, a]
 * (units padded to an even count with zeros); then per unit 32 bytes of sums
 * [Σ_{zⱼₙ>0} rₙx₀, Σ rₙx₁, Σ rₙ, –]; then per pair of samples 128 bytes, each field two lanes:
 * x₀ @0, x₁ @16, y @32, mask @48 (0 pads an odd N), r @64 (f during the forward), r·x₀ @80, r·x₁ @96.
 * Derivatives follow twoLayerLoss.ts: relu'(0) = 0, ∂L/∂aⱼ = w̃ⱼ·(2/N)Σ_{active} rₙx̃ₙ.
 * A sample range [s, e) runs over the pairs that hold it, with the mask lanes of the samples just
 * outside it (an odd s or e) set to 0 for the call and restored afterwards.
 */
import { Code, encodeModule, ValType } from '../../wasm/encoder';
import type { TwoLayerShape } from './twoLayerShape';
import type { Dataset } from '../../core/types';
import { PAIR_BYTES, packSamplePairs, writeUnits } from './samplePairs';

const { I32, F64, V128 } = ValType;
const UNIT_BYTES = 32;

function forwardBody(): Code {
  // params: 0 unitPairs, 1 samplePairs, 2 base; locals: 3 p, 4 end, 5 u, 6 uend,
  // 7–14 w0a w1a ba aa w0b w1b bb ab, 15 x0, 16 x1, 17 acc, 18 zero, 19 Σr², 20 Σr, 21 r
  const c = new Code();
  c.get(2).get(1).i32(PAIR_BYTES).i32Mul().i32Add().set(4);
  c.f64(0).f64x2Splat().set(18);
  c.i32(0).v128Load64Splat(0).set(17);
  c.get(2).set(3);
  c.loop().get(3).get(17).v128Store(64).get(3).i32(PAIR_BYTES).i32Add().tee(3).get(4).i32LtU().brIf(0).end();
  c.i32(16).set(5);
  c.i32(16).get(0).i32(2 * UNIT_BYTES).i32Mul().i32Add().set(6);
  c.block().get(0).i32Eqz().brIf(0);
  c.loop();
  for (let k = 0; k < 8; k++) c.get(5).v128Load64Splat(8 * k).set(7 + k);
  c.get(2).set(3);
  c.loop();
  c.get(3).v128Load(0).set(15);
  c.get(3).v128Load(16).set(16);
  c.get(3);
  c.get(3).v128Load(64);
  for (const base of [7, 11]) {
    c.get(base).get(15).f64x2Mul().get(base + 1).get(16).f64x2Mul().f64x2Add().get(base + 2).f64x2Add();
    c.get(18).f64x2Pmax().get(base + 3).f64x2Mul().f64x2Add();
  }
  c.v128Store(64);
  c.get(3).i32(PAIR_BYTES).i32Add().tee(3).get(4).i32LtU().brIf(0).end();
  c.get(5).i32(2 * UNIT_BYTES).i32Add().tee(5).get(6).i32LtU().brIf(0).end();
  c.end();
  // residual pass
  c.get(18).set(19).get(18).set(20);
  c.get(2).set(3);
  c.loop();
  c.get(3).v128Load(64).get(3).v128Load(32).f64x2Sub().get(3).v128Load(48).f64x2Mul().set(21);
  c.get(3).get(21).v128Store(64);
  c.get(3).get(21).get(3).v128Load(0).f64x2Mul().v128Store(80);
  c.get(3).get(21).get(3).v128Load(16).f64x2Mul().v128Store(96);
  c.get(19).get(21).get(21).f64x2Mul().f64x2Add().set(19);
  c.get(20).get(21).f64x2Add().set(20);
  c.get(3).i32(PAIR_BYTES).i32Add().tee(3).get(4).i32LtU().brIf(0).end();
  c.i32(0).get(20).f64x2ExtractLane(0).get(20).f64x2ExtractLane(1).f64Add().f64Store(8);
  c.get(19).f64x2ExtractLane(0).get(19).f64x2ExtractLane(1).f64Add();
  return c;
}

function backwardBody(): Code {
  // params: 0 unitPairs, 1 samplePairs, 2 base; locals: 3 p, 4 end, 5 u, 6 uend, 7 s,
  // 8–13 w0a w1a ba w0b w1b bb, 14 x0, 15 x1, 16 ma, 17 mb, 18–20 A0 A1 Ar, 21–23 B0 B1 Br, 24 zero, 25 q
  const c = new Code();
  c.get(2).get(1).i32(PAIR_BYTES).i32Mul().i32Add().set(4);
  c.f64(0).f64x2Splat().set(24);
  c.block().get(0).i32Eqz().brIf(0);
  c.i32(16).set(5);
  c.i32(16).get(0).i32(2 * UNIT_BYTES).i32Mul().i32Add().tee(6).set(7);
  c.loop();
  const weightOffsets = [0, 8, 16, 32, 40, 48];
  weightOffsets.forEach((off, k) => c.get(5).v128Load64Splat(off).set(8 + k));
  for (let k = 18; k <= 23; k++) c.get(24).set(k);
  c.get(2).set(3);
  c.loop();
  c.get(3).v128Load(0).set(14);
  c.get(3).v128Load(16).set(15);
  c.get(8).get(14).f64x2Mul().get(9).get(15).f64x2Mul().f64x2Add().get(10).f64x2Add().get(24).f64x2Gt().set(16);
  c.get(11).get(14).f64x2Mul().get(12).get(15).f64x2Mul().f64x2Add().get(13).f64x2Add().get(24).f64x2Gt().set(17);
  // (field offset, accumulator of unit a, accumulator of unit b)
  for (const [off, accA, accB] of [
    [80, 18, 21],
    [96, 19, 22],
    [64, 20, 23],
  ] as const) {
    c.get(3).v128Load(off).set(25);
    c.get(accA).get(25).get(16).v128And().f64x2Add().set(accA);
    c.get(accB).get(25).get(17).v128And().f64x2Add().set(accB);
  }
  c.get(3).i32(PAIR_BYTES).i32Add().tee(3).get(4).i32LtU().brIf(0).end();
  for (const [acc, off] of [
    [18, 0],
    [19, 8],
    [20, 16],
    [21, 32],
    [22, 40],
    [23, 48],
  ] as const) {
    c.get(7).get(acc).f64x2ExtractLane(0).get(acc).f64x2ExtractLane(1).f64Add().f64Store(off);
  }
  c.get(7).i32(2 * UNIT_BYTES).i32Add().set(7);
  c.get(5).i32(2 * UNIT_BYTES).i32Add().tee(5).get(6).i32LtU().brIf(0).end();
  c.end();
  return c;
}

let compiled: WebAssembly.Module | null | undefined;

function reluModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  try {
    const bytes = encodeModule([
      {
        name: 'forward',
        params: [I32, I32, I32],
        results: [F64],
        locals: [I32, I32, I32, I32, ...Array<ValType>(15).fill(V128)],
        body: forwardBody(),
      },
      {
        name: 'backward',
        params: [I32, I32, I32],
        results: [],
        locals: [I32, I32, I32, I32, I32, ...Array<ValType>(18).fill(V128)],
        body: backwardBody(),
      },
    ]);
    compiled = typeof WebAssembly === 'object' ? new WebAssembly.Module(bytes) : null;
  } catch {
    compiled = null;
  }
  return compiled;
}

/** Whether the SIMD kernel applies to this network here (relu, d ≤ 2, WebAssembly SIMD available). */
export function wasmReluLossSupported(shape: TwoLayerShape): boolean {
  return shape.activation === 'relu' && shape.inputDim <= 2 && reluModule() !== null;
}

interface ReluExports {
  forward(unitPairs: number, samplePairs: number, base: number): number;
  backward(unitPairs: number, samplePairs: number, base: number): void;
}

export interface RangeLossKernel {
  loss(theta: Float64Array, s?: number, e?: number): number;
  lossAndGradient(theta: Float64Array, grad: Float64Array, s?: number, e?: number): number;
  /** Lays the samples out in the given order (position i ← sample order[i]; null: identity). */
  reorder(order: ArrayLike<number> | null): void;
}

export function createWasmReluLoss(shape: TwoLayerShape, data: Dataset): RangeLossKernel {
  const module = reluModule();
  if (!module) throw new Error('WebAssembly SIMD is not available');
  const N = data.count;
  const d = shape.inputDim;
  const m = shape.width;
  const unitPairs = Math.ceil(m / 2);
  const samplePairs = Math.ceil(N / 2);
  const sums = 16 + 2 * unitPairs * UNIT_BYTES;
  const base = sums + 2 * unitPairs * UNIT_BYTES;
  const bytes = base + samplePairs * PAIR_BYTES;
  const memory = new WebAssembly.Memory({ initial: Math.ceil(bytes / 65536) });
  const exports = new WebAssembly.Instance(module, { e: { m: memory } }).exports as unknown as ReluExports;
  const F = new Float64Array(memory.buffer);
  const samples = packSamplePairs(F, base, data);
  const unit0 = 2;
  const sum0 = sums / 8;

  const load = (theta: Float64Array): void => writeUnits(F, theta, shape);

  return {
    reorder: samples.reorder,
    loss(theta, s = 0, e = N) {
      load(theta);
      if (s === 0 && e === N) return exports.forward(unitPairs, samplePairs, base) / N;
      const [at, pairs] = samples.enter(s, e);
      const sumSq = exports.forward(unitPairs, pairs, at);
      samples.leave(s, e);
      return sumSq / (e - s);
    },
    lossAndGradient(theta, grad, s = 0, e = N) {
      load(theta);
      const [at, pairs] = samples.enter(s, e);
      const sumSq = exports.forward(unitPairs, pairs, at);
      exports.backward(unitPairs, pairs, at);
      samples.leave(s, e);
      const k = 2 / (e - s);
      if (shape.c >= 0) grad[shape.c] = k * F[1];
      for (let j = 0; j < m; j++) {
        const p = unit0 + 4 * j;
        const s = sum0 + 4 * j;
        const su = F[s], sv = F[s + 1], sr = F[s + 2];
        const a = F[p + 3];
        grad[shape.w + j * d] = k * a * su;
        if (d >= 2) grad[shape.w + j * d + 1] = k * a * sv;
        if (shape.b >= 0) grad[shape.b + j] = k * a * sr;
        grad[shape.a + j] = k * (F[p] * su + F[p + 1] * sv + F[p + 2] * sr);
      }
      return sumSq / (e - s);
    },
  };
}

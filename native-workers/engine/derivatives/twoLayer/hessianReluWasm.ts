/**
 * WebAssembly SIMD kernel for the pair moments of hessianTwoLayerRelu.ts when d = 2:
 *   M[j,k] = Σ_{n: zⱼₙ>0, zₖₙ>0} [x₀², x₀x₁, x₀, x₁², x₁, 1]ₙ  (j ≤ k)   and
 *   R[j]   = Σ_{n: zⱼₙ>0} rₙ·[x₀, x₁, 1]ₙ,
 * a scatter over each sample's active units (three f64x2 adds per pair, no bounds checks).
 * Its results are compared with the plain-TS loop of hessianTwoLayerRelu.ts in the tests.
 *
 * Memory (bytes): 0: c; 16: units [w₀, w₁, b, a] × m; then the active list (16 bytes per entry:
 * byte offsets of M row j, of column j within a row, of R[j]); R (32 bytes per unit: r·x₀, r·x₁,
 * r, r); samples (80 bytes: x₀, x₁, x₀², x₀x₁, x₀, x₁², x₁, 1, y, –); M (48 bytes per pair j,k).
 * One instance per thread, grown on demand.
 */
import { Code, encodeModule, ValType } from '../../wasm/encoder';
import type { TwoLayerShape } from './twoLayerShape';
import type { Dataset } from '../../core/types';

const { I32, F64, V128 } = ValType;
const SAMPLE_BYTES = 80;
const UNIT_BYTES = 32;
const ENTRY_BYTES = 16;
const PAIR_BYTES = 48;

function momentsBody(): Code {
  // params: 0 S, 1 sEnd, 2 uEnd, 3 ACT, 4 MB, 5 rowStride, 6 RB
  // locals: 7 p, 8 a, 9 uptr, 10 rowOff, 11 colOff, 12 rOff, 13 i, 14 l, 15 row, 16 o (i32),
  //         17 u, 18 v, 19 z, 20 f (f64), 21 q0, 22 q1, 23 q2, 24 rs (v128)
  const c = new Code();
  c.get(0).set(7);
  c.loop();
  c.get(7).f64Load(0).set(17);
  c.get(7).f64Load(8).set(18);
  c.get(3).set(8);
  c.i32(16).set(9);
  c.get(4).set(10);
  c.i32(0).set(11);
  c.get(6).set(12);
  c.i32(0).f64Load(0).set(20);
  c.loop();
  c.get(8).get(10).i32Store(0);
  c.get(8).get(11).i32Store(4);
  c.get(8).get(12).i32Store(8);
  c.get(9).f64Load(0).get(17).f64Mul().get(9).f64Load(8).get(18).f64Mul().f64Add().get(9).f64Load(16).f64Add().set(19);
  c.get(20).get(9).f64Load(24).get(19).f64(0).f64Max().f64Mul().f64Add().set(20);
  c.get(8).get(19).f64(0).f64Gt().i32(4).i32Shl().i32Add().set(8);
  c.get(9).i32(UNIT_BYTES).i32Add().set(9);
  c.get(10).get(5).i32Add().set(10);
  c.get(11).i32(PAIR_BYTES).i32Add().set(11);
  c.get(12).i32(UNIT_BYTES).i32Add().set(12);
  c.get(9).get(2).i32LtU().brIf(0);
  c.end();
  c.get(20).get(7).f64Load(64).f64Sub().f64x2Splat().set(24);
  c.get(7).v128Load(16).set(21);
  c.get(7).v128Load(32).set(22);
  c.get(7).v128Load(48).set(23);
  c.block().get(8).get(3).i32Eq().brIf(0);
  c.get(3).set(13);
  c.loop();
  c.get(13).i32Load(8).set(16);
  c.get(16).get(16).v128Load(0).get(24).get(7).v128Load(0).f64x2Mul().f64x2Add().v128Store(0);
  c.get(16).get(16).v128Load(16).get(24).f64x2Add().v128Store(16);
  c.get(13).i32Load(0).set(15);
  c.get(13).set(14);
  c.loop();
  c.get(15).get(14).i32Load(4).i32Add().set(16);
  c.get(16).get(16).v128Load(0).get(21).f64x2Add().v128Store(0);
  c.get(16).get(16).v128Load(16).get(22).f64x2Add().v128Store(16);
  c.get(16).get(16).v128Load(32).get(23).f64x2Add().v128Store(32);
  c.get(14).i32(ENTRY_BYTES).i32Add().tee(14).get(8).i32LtU().brIf(0);
  c.end();
  c.get(13).i32(ENTRY_BYTES).i32Add().tee(13).get(8).i32LtU().brIf(0);
  c.end();
  c.end();
  c.get(7).i32(SAMPLE_BYTES).i32Add().tee(7).get(1).i32LtU().brIf(0);
  c.end();
  return c;
}

interface MomentExports {
  moments(S: number, sEnd: number, uEnd: number, act: number, mBase: number, rowStride: number, rBase: number): void;
}

let instance: { exports: MomentExports; memory: WebAssembly.Memory } | null | undefined;
/** The dataset whose sample block was last written, and where: `reuseSamples` skips rewriting it. */
let written: { data: Dataset; at: number } | null = null;

function momentsInstance(): { exports: MomentExports; memory: WebAssembly.Memory } | null {
  if (instance !== undefined) return instance;
  try {
    const bytes = encodeModule([
      {
        name: 'moments',
        params: [I32, I32, I32, I32, I32, I32, I32],
        results: [],
        locals: [I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, F64, F64, F64, F64, V128, V128, V128, V128],
        body: momentsBody(),
      },
    ]);
    const memory = new WebAssembly.Memory({ initial: 1 });
    const module = new WebAssembly.Module(bytes);
    const exports = new WebAssembly.Instance(module, { e: { m: memory } }).exports as unknown as MomentExports;
    instance = { exports, memory };
  } catch {
    instance = null;
  }
  return instance;
}

export function reluMomentsWasmAvailable(): boolean {
  return momentsInstance() !== null;
}

/**
 * Fills M (m·m·6, pair (j ≤ k) at (j·m + k)·6) and R (m·3) for a d = 2 network; returns false
 * (touching nothing) when WebAssembly SIMD is unavailable.
 */
export function reluMomentsWasm(
  shape: TwoLayerShape,
  theta: Float64Array,
  data: Dataset,
  M: Float64Array,
  R: Float64Array,
  /**
   * Skip rewriting the sample block (x, its products, y) when the last call wrote this same dataset
   * object at the same offset (the memory keeps it): same values, so the same moments. The dataset's
   * arrays must not have been changed in place since. HessianOptions.reuseSamples; default false.
   */
  reuseSamples = false,
): boolean {
  const inst = momentsInstance();
  if (!inst || shape.inputDim !== 2) return false;
  const N = data.count;
  const m = shape.width;
  const U = 16;
  const ACT = U + UNIT_BYTES * m;
  const RB = ACT + ENTRY_BYTES * m;
  const S = RB + UNIT_BYTES * m;
  const MB = S + SAMPLE_BYTES * N;
  const bytes = MB + PAIR_BYTES * m * m;
  const have = inst.memory.buffer.byteLength;
  if (bytes > have) inst.memory.grow(Math.ceil((bytes - have) / 65536));
  const F = new Float64Array(inst.memory.buffer);
  F[0] = shape.c >= 0 ? theta[shape.c] : 0;
  for (let j = 0; j < m; j++) {
    const at = U / 8 + 4 * j;
    F[at] = theta[shape.w + 2 * j];
    F[at + 1] = theta[shape.w + 2 * j + 1];
    F[at + 2] = shape.b >= 0 ? theta[shape.b + j] : 0;
    F[at + 3] = theta[shape.a + j];
  }
  F.fill(0, RB / 8, S / 8);
  const X = data.X;
  const fresh = !(reuseSamples && written !== null && written.data === data && written.at === S);
  for (let n = 0; fresh && n < N; n++) {
    const at = S / 8 + 10 * n;
    const u = X[2 * n];
    const v = X[2 * n + 1];
    F[at] = u;
    F[at + 1] = v;
    F[at + 2] = u * u;
    F[at + 3] = u * v;
    F[at + 4] = u;
    F[at + 5] = v * v;
    F[at + 6] = v;
    F[at + 7] = 1;
    F[at + 8] = data.Y[n];
  }
  written = { data, at: S };
  F.fill(0, MB / 8, bytes / 8);
  inst.exports.moments(S, MB, ACT, ACT, MB, PAIR_BYTES * m, RB);
  M.set(F.subarray(MB / 8, bytes / 8));
  for (let j = 0; j < m; j++) {
    const at = RB / 8 + 4 * j;
    R[3 * j] = F[at];
    R[3 * j + 1] = F[at + 1];
    R[3 * j + 2] = F[at + 2];
  }
  return true;
}

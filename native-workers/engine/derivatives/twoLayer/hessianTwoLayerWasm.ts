/**
 * WebAssembly SIMD scratch for the analytic two-layer Hessian (hessianTwoLayer.ts): the arrays
 * it fills live in one wasm memory, so the two hot loops run there without copies —
 *   gram: C += (G∘w)·Gᵀ on and above the diagonal, the kernel of weightedGram.ts with f64x2
 *         lanes over columns (2×4 register blocks, 8 vector multiply-adds per 6 loads);
 *   activate: hidden σ, σ', σ'' for softplus, sigmoid and tanh (wasm/smoothActivation.ts).
 * Requires rows % 4 = 0 and an even column count (the caller pads with zero-weight columns).
 * One instance and memory per activation is kept and grown on demand (creating a wasm memory
 * costs more than a small Hessian), so an arena is valid until the next createHessianArena call.
 */
import { encodeModule, ValType } from '../../wasm/encoder';
import { emitSmoothActivation } from '../../wasm/smoothActivation';
import { FnBuilder } from '../../wasm/vectorMath';
import { isSmoothFused, type SmoothActivation } from './twoLayerSmooth';
import type { ActivationName } from '../../core/types';

const { I32 } = ValType;

/** gram(C, G, Gw, rows, rowBytes). */
function gramFn(): FnBuilder {
  const fb = new FnBuilder('gram', [I32, I32, I32, I32, I32], []);
  const [Cp, Gp, Gwp, rows, rb] = [0, 1, 2, 3, 4];
  const [p, q, a0, a1, b0, b1, b2, b3, cb, cp0, cp1] = Array.from({ length: 11 }, () => fb.i32()) as number[] as [
    number, number, number, number, number, number, number, number, number, number, number,
  ];
  const [u, v, x0, x1, x2, x3] = [fb.v(), fb.v(), fb.v(), fb.v(), fb.v(), fb.v()];
  const acc = Array.from({ length: 8 }, () => fb.v());
  const zero = fb.k(0);
  const c = fb.c;
  c.i32(0).set(p);
  c.loop();
  c.get(Gwp).get(p).get(rb).i32Mul().i32Add().tee(a0).get(rb).i32Add().set(a1);
  c.get(p).get(p).i32(3).i32And().i32Sub().set(q);
  c.loop();
  c.get(Gp).get(q).get(rb).i32Mul().i32Add().tee(b0).get(rb).i32Add().tee(b1).get(rb).i32Add().tee(b2).get(rb).i32Add().set(b3);
  for (const s of acc) c.get(zero).set(s);
  c.i32(0).set(cb);
  c.loop();
  c.get(a0).get(cb).i32Add().v128Load(0).set(u);
  c.get(a1).get(cb).i32Add().v128Load(0).set(v);
  [b0, b1, b2, b3].forEach((b, i) => c.get(b).get(cb).i32Add().v128Load(0).set([x0, x1, x2, x3][i]));
  [x0, x1, x2, x3].forEach((x, i) => {
    fb.madd(acc[i], u, x, acc[i]);
    fb.madd(acc[4 + i], v, x, acc[4 + i]);
  });
  c.get(cb).i32(16).i32Add().tee(cb).get(rb).i32LtU().brIf(0).end();
  c.get(Cp).get(p).get(rows).i32Mul().get(q).i32Add().i32(8).i32Mul().i32Add().tee(cp0).get(rows).i32(8).i32Mul().i32Add().set(cp1);
  acc.forEach((s, i) => {
    const at = i < 4 ? cp0 : cp1;
    const off = 8 * (i & 3);
    c.get(at).get(at).f64Load(off).get(s).f64x2ExtractLane(0).f64Add().get(s).f64x2ExtractLane(1).f64Add().f64Store(off);
  });
  c.get(q).i32(4).i32Add().tee(q).get(rows).i32LtU().brIf(0).end();
  c.get(p).i32(2).i32Add().tee(p).get(rows).i32LtU().brIf(0).end();
  return fb;
}

/** activate(z, f, d1, d2, bytes): element-wise over `bytes / 8` entries (a multiple of 2). */
function activateFn(act: SmoothActivation): FnBuilder {
  const fb = new FnBuilder('activate', [I32, I32, I32, I32, I32], []);
  const [zp, fp, d1p, d2p, bytes] = [0, 1, 2, 3, 4];
  const o = fb.i32();
  const [z, h, s1, s2] = [fb.v(), fb.v(), fb.v(), fb.v()];
  const c = fb.c;
  c.i32(0).set(o);
  c.loop();
  c.get(zp).get(o).i32Add().v128Load(0).set(z);
  emitSmoothActivation(fb, act, z, h, s1, s2);
  c.get(fp).get(o).i32Add().get(h).v128Store(0);
  c.get(d1p).get(o).i32Add().get(s1).v128Store(0);
  c.get(d2p).get(o).i32Add().get(s2).v128Store(0);
  c.get(o).i32(16).i32Add().tee(o).get(bytes).i32LtU().brIf(0).end();
  return fb;
}

interface ArenaExports {
  gram(C: number, G: number, Gw: number, rows: number, rowBytes: number): void;
  activate?(z: number, f: number, d1: number, d2: number, bytes: number): void;
}

interface Instance {
  readonly memory: WebAssembly.Memory;
  readonly exports: ArenaExports;
}

const instances = new Map<string, Instance | null>();

function hessianInstance(act: SmoothActivation | null): Instance | null {
  const key = act ?? '';
  if (instances.has(key)) return instances.get(key)!;
  let instance: Instance | null = null;
  try {
    if (typeof WebAssembly === 'object') {
      const fns = [gramFn().build(), ...(act ? [activateFn(act).build()] : [])];
      const module = new WebAssembly.Module(encodeModule(fns));
      const memory = new WebAssembly.Memory({ initial: 1 });
      const exports = new WebAssembly.Instance(module, { e: { m: memory } }).exports as unknown as ArenaExports;
      instance = { memory, exports };
    }
  } catch {
    instance = null;
  }
  instances.set(key, instance);
  return instance;
}

export interface HessianArena {
  /** Pp × Pp upper-triangle accumulator. */
  readonly Hp: Float64Array;
  /** Pp × cols rows of gradient vectors and their weighted copies. */
  readonly G: Float64Array;
  readonly Gw: Float64Array;
  /** m × chunk pre-activations and σ, σ', σ'' of the hidden layer. */
  readonly Z: Float64Array;
  readonly Hd: Float64Array;
  readonly S1: Float64Array;
  readonly S2: Float64Array;
  /** Hp += (G∘w)·Gᵀ (upper part). */
  gram(): void;
  /** Hd, S1, S2 ← σ, σ', σ'' of Z (all entries), or null when the activation has no SIMD kernel. */
  readonly activate: (() => void) | null;
}

/** SIMD scratch for rows (multiple of 4) × cols (even) Gram blocks and zLength hidden values, or null. */
export function createHessianArena(rows: number, cols: number, zLength: number, activation: ActivationName): HessianArena | null {
  if (rows % 4 !== 0 || cols % 2 !== 0 || zLength % 2 !== 0) return null;
  const act = isSmoothFused(activation) ? activation : null;
  const instance = hessianInstance(act);
  if (!instance) return null;
  const { memory, exports } = instance;
  const sizes = [rows * rows, rows * cols, rows * cols, zLength, zLength, zLength, zLength];
  const total = sizes.reduce((a, b) => a + b, 0) * 8;
  const have = memory.buffer.byteLength;
  if (have < total) memory.grow(Math.ceil((total - have) / 65536));
  // a fresh arena reads as zeros (padding rows and columns rely on it)
  new Float64Array(memory.buffer, 0, total / 8).fill(0);
  let at = 0;
  const [Hp, G, Gw, Z, Hd, S1, S2] = sizes.map((n) => {
    const view = new Float64Array(memory.buffer, at, n);
    at += 8 * n;
    return view;
  }) as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
  const activate = exports.activate;
  return {
    Hp,
    G,
    Gw,
    Z,
    Hd,
    S1,
    S2,
    gram() {
      exports.gram(Hp.byteOffset, G.byteOffset, Gw.byteOffset, rows, cols * 8);
    },
    activate: activate ? () => activate(Z.byteOffset, Hd.byteOffset, S1.byteOffset, S2.byteOffset, zLength * 8) : null,
  };
}

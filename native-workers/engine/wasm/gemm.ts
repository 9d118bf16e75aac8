/**
 * Dense float64 GEMM in WebAssembly SIMD (f64x2), assembled at run time by encoder.ts:
 * C[M×N] += op(A)[M×K] · op(B)[K×N], every operand given by an offset and a (row, column)
 * stride, so transposes cost nothing but a different packing order. Used by the general-depth
 * network (derivatives/denseOps.ts) for every dense layer product. Operands contiguous along k
 * (both acs = 1 and brs = 1) go to the dot-product kernel of gemmDot.ts instead (see `gemm`).
 *
 * Structure (GotoBLAS): for each NC-column block of C and KC-deep slice of K, B's block is packed
 * into NR-column panels (k-major, NR values per k), then for each MC-row block A's block is packed
 * into MR-row panels, and the macro-kernel runs the MR×NR register-blocked micro-kernel over all
 * panel pairs (B panel outer, so it stays in L1 while the A block, ≈ MC·KC·8 bytes, sits in L2).
 * Panels are zero-padded to whole MR/NR; tiles at the edges of C are computed into a scratch tile
 * and only their valid part is added. The micro-kernel keeps MR·NR/2 f64x2 accumulators in
 * registers: per k it loads NR/2 vectors of B, splats MR values of A and does MR·NR/2 multiply-adds
 * (no fused multiply-add: plain SIMD has none, so every product is rounded as in scalar code).
 * Measured (process CPU time, 30×10000×784, one core): ≈ 11 GFLOPS, the mul + add peak of
 * 128-bit SIMD (4 flops/cycle); 4×4 beat 6×4, 4×6, 8×2, 2×8, 3×8 and 5×4 tiles, unrolling k by 2
 * gained a few %, and relaxed-SIMD fused multiply-add (Node 20 behind a flag) gained nothing.
 *
 * All memory lives in one WebAssembly.Memory owned by a {@link GemmArena}: its users allocate their
 * matrices there once (views), so no call copies or allocates.
 */
import { Code, encodeModule, ValType, type FunctionDef } from './encoder';
import { gemmDot, gemmDotFunction, type GemmDotKernel } from './gemmDot';
import { activationModule, KERNEL_ACTIVATIONS, type ActivationExports } from './activationKernel';
import type { ActivationName } from '../core/types';

const { I32, V128 } = ValType;

/** Micro-tile rows and columns (NR/2 vectors per row). */
export const MR = 4;
export const NR = 4;
const NRV = NR / 2;
/** Cache blocking: KC-deep slices, MC-row blocks of A, NC-column blocks of B. */
const KC = 256;
const MC = 96;
const NC = 512;

class Locals {
  readonly types: ValType[] = [];
  constructor(private readonly paramCount: number) {}
  add(type: ValType): number {
    this.types.push(type);
    return this.paramCount + this.types.length - 1;
  }
}

/** k-steps per iteration of the micro-kernel's main loop (a single-step loop does the rest). */
const UNROLL = 2;

/** micro(kc, a, b, c, ldc): C[MR×NR] at byte address c (row stride ldc bytes) += Ap·Bp. */
function microKernel(): FunctionDef {
  const [KCp, A, B, C, LDC] = [0, 1, 2, 3, 4];
  const L = new Locals(5);
  const kend = L.add(I32);
  const acc: number[] = [];
  for (let i = 0; i < MR * NRV; i++) acc.push(L.add(V128));
  const bv: number[] = [];
  for (let j = 0; j < NRV; j++) bv.push(L.add(V128));
  const av = L.add(V128);
  const c = new Code();
  const step = (u: number): void => {
    for (let j = 0; j < NRV; j++) c.get(B).v128Load(16 * (j + u * NRV)).set(bv[j]);
    for (let r = 0; r < MR; r++) {
      c.get(A).v128Load64Splat(8 * (r + u * MR)).set(av);
      for (let j = 0; j < NRV; j++) {
        const t = acc[r * NRV + j];
        c.get(t).get(av).get(bv[j]).f64x2Mul().f64x2Add().set(t);
      }
    }
  };
  for (const a of acc) c.f64(0).f64x2Splat().set(a);
  // main loop: while a + UNROLL·MR·8 ≤ end of Ap
  c.get(A).get(KCp).i32(MR * 8).i32Mul().i32Add().set(kend);
  c.block().get(KCp).i32(UNROLL).i32LtU().brIf(0);
  c.loop();
  for (let u = 0; u < UNROLL; u++) step(u);
  c.get(B).i32(UNROLL * NR * 8).i32Add().set(B);
  c.get(A).i32(UNROLL * MR * 8).i32Add().tee(A).i32(UNROLL * MR * 8).i32Add().get(kend).i32LtU().brIf(0);
  c.get(A).i32(UNROLL * MR * 8).i32Add().get(kend).i32Eq().brIf(0); // exactly UNROLL steps left
  c.end();
  c.end();
  // remainder: single steps while a < end
  c.block().get(A).get(kend).i32GeU().brIf(0);
  c.loop();
  step(0);
  c.get(B).i32(NR * 8).i32Add().set(B);
  c.get(A).i32(MR * 8).i32Add().tee(A).get(kend).i32LtU().brIf(0);
  c.end();
  c.end();
  for (let r = 0; r < MR; r++) {
    for (let j = 0; j < NRV; j++) c.get(C).get(C).v128Load(16 * j).get(acc[r * NRV + j]).f64x2Add().v128Store(16 * j);
    if (r < MR - 1) c.get(C).get(LDC).i32Add().set(C);
  }
  return { name: 'micro', params: [I32, I32, I32, I32, I32], results: [], locals: L.types, body: c };
}

/** dst ← min(limit, a − b) for i32 locals a, b. */
function minRemaining(c: Code, dst: number, limit: number, a: number, b: number): void {
  c.i32(limit).get(a).get(b).i32Sub().get(a).get(b).i32Sub().i32(limit).i32GtU().select().set(dst);
}

/**
 * macro(mc, nc, kc, ap, bp, c, ldc, tile): C[mc×nc] += Ap·Bp over the packed blocks (mc, nc, kc ≥ 1).
 */
function macroKernel(microIndex: number): FunctionDef {
  const [Mc, Nc, Kc, Ap, Bp, Cc, LDC, TILE] = [0, 1, 2, 3, 4, 5, 6, 7];
  const L = new Locals(8);
  const jr = L.add(I32);
  const ir = L.add(I32);
  const bpp = L.add(I32);
  const app = L.add(I32);
  const mr = L.add(I32);
  const nr = L.add(I32);
  const cptr = L.add(I32);
  const r = L.add(I32);
  const j = L.add(I32);
  const crow = L.add(I32);
  const trow = L.add(I32);
  const zero = L.add(V128);
  const c = new Code();
  c.f64(0).f64x2Splat().set(zero);
  c.i32(0).set(jr).get(Bp).set(bpp);
  c.loop();
  minRemaining(c, nr, NR, Nc, jr);
  c.i32(0).set(ir).get(Ap).set(app);
  c.loop();
  minRemaining(c, mr, MR, Mc, ir);
  c.get(Cc).get(ir).get(LDC).i32Mul().i32Add().get(jr).i32(3).i32Shl().i32Add().set(cptr);
  c.get(mr).i32(MR).i32Eq().get(nr).i32(NR).i32Eq().i32And().if_();
  c.get(Kc).get(app).get(bpp).get(cptr).get(LDC).call(microIndex);
  c.else_();
  for (let k = 0; k < MR * NRV; k++) c.get(TILE).get(zero).v128Store(16 * k);
  c.get(Kc).get(app).get(bpp).get(TILE).i32(NR * 8).call(microIndex);
  c.i32(0).set(r).get(cptr).set(crow).get(TILE).set(trow);
  c.loop();
  c.i32(0).set(j);
  c.loop();
  c.get(crow).get(j).i32(3).i32Shl().i32Add(); // address in C
  c.get(crow).get(j).i32(3).i32Shl().i32Add().f64Load();
  c.get(trow).get(j).i32(3).i32Shl().i32Add().f64Load();
  c.f64Add().f64Store();
  c.get(j).i32(1).i32Add().tee(j).get(nr).i32LtU().brIf(0);
  c.end();
  c.get(crow).get(LDC).i32Add().set(crow);
  c.get(trow).i32(NR * 8).i32Add().set(trow);
  c.get(r).i32(1).i32Add().tee(r).get(mr).i32LtU().brIf(0);
  c.end();
  c.end();
  c.get(app).get(Kc).i32(MR * 8).i32Mul().i32Add().set(app);
  c.get(ir).i32(MR).i32Add().tee(ir).get(Mc).i32LtU().brIf(0);
  c.end();
  c.get(bpp).get(Kc).i32(NR * 8).i32Mul().i32Add().set(bpp);
  c.get(jr).i32(NR).i32Add().tee(jr).get(Nc).i32LtU().brIf(0);
  c.end();
  return { name: 'macro', params: [I32, I32, I32, I32, I32, I32, I32, I32], results: [], locals: L.types, body: c };
}

/**
 * pack(src, panelStride, kStride, count, depth, dst): panels of `width` along the first index
 * (count of them, zero-padded to a multiple of width), k-major inside a panel:
 * dst[p][k][w] = src[(p·width + w)·panelStride + k·kStride] (strides in bytes; count, depth ≥ 1).
 */
function packKernel(name: string, width: number): FunctionDef {
  const [SRC, PS, KS, COUNT, DEPTH, DST] = [0, 1, 2, 3, 4, 5];
  const L = new Locals(6);
  const p0 = L.add(I32);
  const w = L.add(I32);
  const s = L.add(I32);
  const d = L.add(I32);
  const k = L.add(I32);
  const panel = L.add(I32);
  const c = new Code();
  c.i32(0).set(p0).get(DST).set(panel);
  c.loop();
  c.i32(0).set(w);
  c.loop();
  c.get(panel).get(w).i32(3).i32Shl().i32Add().set(d);
  c.get(DEPTH).set(k);
  c.get(p0).get(w).i32Add().get(COUNT).i32LtU().if_();
  c.get(SRC).get(p0).get(w).i32Add().get(PS).i32Mul().i32Add().set(s);
  c.loop();
  c.get(d).get(s).f64Load().f64Store();
  c.get(s).get(KS).i32Add().set(s);
  c.get(d).i32(width * 8).i32Add().set(d);
  c.get(k).i32(1).i32Sub().tee(k).brIf(0);
  c.end();
  c.else_();
  c.loop();
  c.get(d).f64(0).f64Store();
  c.get(d).i32(width * 8).i32Add().set(d);
  c.get(k).i32(1).i32Sub().tee(k).brIf(0);
  c.end();
  c.end();
  c.get(w).i32(1).i32Add().tee(w).i32(width).i32LtU().brIf(0);
  c.end();
  c.get(panel).get(DEPTH).i32(width * 8).i32Mul().i32Add().set(panel);
  c.get(p0).i32(width).i32Add().tee(p0).get(COUNT).i32LtU().brIf(0);
  c.end();
  return { name, params: [I32, I32, I32, I32, I32, I32], results: [], locals: L.types, body: c };
}

/**
 * packRows(src, rowStride, depth, panels, dst): B panels when B's columns are contiguous:
 * dst[q][k][0..NR) = src[k·rowStride + q·NR·8 …], copied by vectors (depth, panels ≥ 1).
 */
function packRowsKernel(): FunctionDef {
  const [SRC, RS, DEPTH, PANELS, DST] = [0, 1, 2, 3, 4];
  const L = new Locals(5);
  const q = L.add(I32);
  const s = L.add(I32);
  const k = L.add(I32);
  const c = new Code();
  c.i32(0).set(q);
  c.loop();
  c.get(SRC).get(q).i32(NR * 8).i32Mul().i32Add().set(s);
  c.get(DEPTH).set(k);
  c.loop();
  for (let j = 0; j < NRV; j++) c.get(DST).get(s).v128Load(16 * j).v128Store(16 * j);
  c.get(s).get(RS).i32Add().set(s);
  c.get(DST).i32(NR * 8).i32Add().set(DST);
  c.get(k).i32(1).i32Sub().tee(k).brIf(0);
  c.end();
  c.get(q).i32(1).i32Add().tee(q).get(PANELS).i32LtU().brIf(0);
  c.end();
  return { name: 'packRows', params: [I32, I32, I32, I32, I32], results: [], locals: L.types, body: c };
}

interface GemmExports {
  macro(mc: number, nc: number, kc: number, ap: number, bp: number, c: number, ldc: number, tile: number): void;
  packA(src: number, panelStride: number, kStride: number, count: number, depth: number, dst: number): void;
  packB(src: number, panelStride: number, kStride: number, count: number, depth: number, dst: number): void;
  packRows(src: number, rowStride: number, depth: number, panels: number, dst: number): void;
  gemmNT: GemmDotKernel;
}

let compiled: WebAssembly.Module | null | undefined;

/** The compiled module, or null where WebAssembly SIMD is unavailable. */
function gemmModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  try {
    const bytes = encodeModule([microKernel(), macroKernel(0), packKernel('packA', MR), packKernel('packB', NR), packRowsKernel(), gemmDotFunction()]);
    compiled = typeof WebAssembly === 'object' && WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  } catch {
    compiled = null;
  }
  return compiled;
}

/** Whether the SIMD GEMM can run here. */
export function wasmGemmAvailable(): boolean {
  return gemmModule() !== null;
}

const PAGE = 65536;
/** wasm32 addresses stop at 4 GiB; stay well below. */
const MAX_BYTES = 2 ** 31;

function even(n: number): number {
  return n + (n & 1);
}

/**
 * One WebAssembly memory holding a fixed set of float64 buffers (views, 16-byte aligned) plus
 * the GEMM's packing scratch. `create` returns null where SIMD is unavailable or the buffers do
 * not fit a 32-bit address space; callers then use plain arrays and the scalar products.
 */
export class GemmArena {
  private readonly exports: GemmExports;
  private readonly memory: WebAssembly.Memory;
  private readonly ap: number;
  private readonly bp: number;
  private readonly tile: number;
  /** The buffers, in the order of the sizes given to `create`. */
  readonly views: Float64Array[];

  static create(sizes: readonly number[]): GemmArena | null {
    const module = gemmModule();
    if (!module) return null;
    let doubles = even(MC + MR) * KC + even(NC + NR) * KC + MR * NR;
    for (const n of sizes) doubles += even(n);
    const bytes = doubles * 8;
    if (bytes > MAX_BYTES) return null;
    try {
      return new GemmArena(module, sizes, bytes);
    } catch {
      return null; // the memory could not be reserved
    }
  }

  private constructor(module: WebAssembly.Module, sizes: readonly number[], bytes: number) {
    this.memory = new WebAssembly.Memory({ initial: Math.ceil(bytes / PAGE) });
    this.exports = new WebAssembly.Instance(module, { e: { m: this.memory } }).exports as unknown as GemmExports;
    const buffer = this.memory.buffer;
    let at = 0;
    this.views = sizes.map((n) => {
      const view = new Float64Array(buffer, at, n);
      at += even(n) * 8;
      return view;
    });
    this.ap = at;
    at += even(MC + MR) * KC * 8;
    this.bp = at;
    at += even(NC + NR) * KC * 8;
    this.tile = at;
  }

  private activations: ActivationExports | null | undefined;

  /**
   * Element-wise σ over z[0, count) (softplus, sigmoid, tanh; f64x2 on pairs, the last odd entry
   * left to the caller): writes f (= σ) and d1 (= σ'), or d1 and d2 (= σ''), views of this arena.
   * Returns how many entries it did: 0 when the activation or the combination is not covered.
   */
  activate(name: ActivationName, z: Float64Array, count: number, f: Float64Array | null, d1: Float64Array | null, d2: Float64Array | null): number {
    if (!(KERNEL_ACTIVATIONS as readonly string[]).includes(name)) return 0;
    if (this.activations === undefined) {
      const module = activationModule();
      this.activations = module ? (new WebAssembly.Instance(module, { e: { m: this.memory } }).exports as unknown as ActivationExports) : null;
    }
    if (!this.activations) return 0;
    const pairs = count >> 1;
    const zp = this.address(z, 0);
    if (f && !d2) {
      if (d1) this.activations[`${name}_fd`](zp, this.address(f, 0), this.address(d1, 0), pairs);
      else this.activations[`${name}_f`](zp, this.address(f, 0), 0, pairs);
    } else if (!f && d1 && d2) {
      this.activations[`${name}_dd`](zp, this.address(d1, 0), this.address(d2, 0), pairs);
    } else return 0;
    return 2 * pairs;
  }

  /** Whether `a` is a view into this arena's memory. */
  owns(a: Float64Array): boolean {
    return a.buffer === this.memory.buffer;
  }

  private address(a: Float64Array, offset: number): number {
    if (a.buffer !== this.memory.buffer) throw new Error('GemmArena: operand is not a view of this arena');
    return a.byteOffset + 8 * offset;
  }

  /**
   * C[M×N] += op(A)·op(B) with op(A)[i, k] = A[a0 + i·ars + k·acs], op(B)[k, j] = B[b0 + k·brs + j·bcs]
   * and C[i, j] at C[c0 + i·ldc + j] (offsets and strides in elements; all three views of this arena).
   * When both operands are contiguous along k (acs = brs = 1) the dot-product kernel of gemmDot.ts
   * runs (no packing; faster on every shape the networks use, bench in docs/results/
   * bench-largeNets-2026-12-02c.json), else the packed GotoBLAS kernels.
   */
  gemm(
    M: number,
    N: number,
    K: number,
    A: Float64Array,
    a0: number,
    ars: number,
    acs: number,
    B: Float64Array,
    b0: number,
    brs: number,
    bcs: number,
    C: Float64Array,
    c0: number,
    ldc: number,
  ): void {
    if (acs === 1 && brs === 1) this.gemmDot(M, N, K, A, a0, ars, B, b0, bcs, C, c0, ldc);
    else this.gemmPacked(M, N, K, A, a0, ars, acs, B, b0, brs, bcs, C, c0, ldc);
  }

  /** C[M×N] += A·Bᵀ, A[i, k] = A[a0 + i·lda + k], B[j, k] = B[b0 + j·ldb + k]: the dot-product kernel. */
  gemmDot(M: number, N: number, K: number, A: Float64Array, a0: number, lda: number, B: Float64Array, b0: number, ldb: number, C: Float64Array, c0: number, ldc: number): void {
    if (M <= 0 || N <= 0 || K <= 0) return;
    gemmDot(this.exports.gemmNT, M, N, K, 1, this.address(A, a0), lda, this.address(B, b0), ldb, 1, this.address(C, c0), ldc);
  }

  /** `gemm` on the packed GotoBLAS kernels, for any strides. */
  gemmPacked(
    M: number,
    N: number,
    K: number,
    A: Float64Array,
    a0: number,
    ars: number,
    acs: number,
    B: Float64Array,
    b0: number,
    brs: number,
    bcs: number,
    C: Float64Array,
    c0: number,
    ldc: number,
  ): void {
    if (M <= 0 || N <= 0 || K <= 0) return;
    const x = this.exports;
    const a = this.address(A, a0);
    const b = this.address(B, b0);
    const c = this.address(C, c0);
    const { ap, bp, tile } = this;
    for (let jc = 0; jc < N; jc += NC) {
      const nc = Math.min(NC, N - jc);
      for (let pc = 0; pc < K; pc += KC) {
        const kc = Math.min(KC, K - pc);
        const bsrc = b + 8 * (pc * brs + jc * bcs);
        if (bcs === 1) {
          const full = Math.floor(nc / NR);
          if (full > 0) x.packRows(bsrc, 8 * brs, kc, full, bp);
          if (full * NR < nc) x.packB(bsrc + full * NR * 8, 8, 8 * brs, nc - full * NR, kc, bp + full * NR * kc * 8);
        } else {
          x.packB(bsrc, 8 * bcs, 8 * brs, nc, kc, bp);
        }
        for (let ic = 0; ic < M; ic += MC) {
          const mc = Math.min(MC, M - ic);
          x.packA(a + 8 * (ic * ars + pc * acs), 8 * ars, 8 * acs, mc, kc, ap);
          x.macro(mc, nc, kc, ap, bp, c + 8 * (ic * ldc + jc), 8 * ldc, tile);
        }
      }
    }
  }
}

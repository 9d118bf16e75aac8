/**
 * The dot-product GEMM kernel, C ← β·C + α·A·Bᵀ for row-major A (m×p) and B (n×p), both read
 * along k (p) — the one implementation shared by the eigensolver's kernels (eighKernels.ts) and
 * the network GEMM (gemm.ts, whenever both operands are contiguous along k).
 *
 * Kernel (WebAssembly SIMD, assembled by encoder.ts): a 4×2 register block of C, k vectorised in
 * pairs (f64x2 of A's row times f64x2 of B's row, lanes summed at the end), no packing; β = 0
 * ignores C's old contents, β = 1 accumulates. Rows of A beyond a multiple of 4 and an odd last row
 * of B use 1-row / 1-column blocks; an odd p adds its last term in scalar code.
 * Cache blocking ({@link gemmDot}, in JS): KC-wide k slabs of NC rows of B (≈ 192 KiB, in L2), each
 * slab's partial dot products added onto C (β = 1 after the first slab).
 * Measured (process CPU time, load ≈ 8, one core): 18.7 GFLOPS on 10000×30×784 and 23.2 at 1000³,
 * against 10.0 and 15.5 for the packed GotoBLAS kernel of gemm.ts.
 */
import { ValType, type Code, type FunctionDef } from './encoder';
import { FnBuilder } from './vectorMath';

const { I32, F64 } = ValType;

/** The exported kernel: pointers in bytes, strides in elements, β ∈ {0, 1}. */
export type GemmDotKernel = (m: number, n: number, p: number, alpha: number, a: number, lda: number, b: number, ldb: number, beta: number, c: number, ldc: number) => void;

/** `while (get(i) < get(end)) { body }` on unsigned i32 locals; `body` must advance i. */
export function whileLess(c: Code, i: number, end: number, body: () => void): void {
  c.block().get(i).get(end).i32LtU().i32Eqz().brIf(0);
  c.loop();
  body();
  c.get(i).get(end).i32LtU().brIf(0);
  c.end().end();
}

/** local ← local + k */
export function addTo(c: Code, local: number, k: number): void {
  c.get(local).i32(k).i32Add().set(local);
}

/** Register block of C: ROWS rows of A × COLS rows of B per step (ROWS·COLS f64x2 accumulators). */
export const ROWS = 4;
export const COLS = 2;

/** dst ← (n ≥ size ? n + 1 − size : 0): a loop bound for `while (i < dst)` ⇔ i + size ≤ n. */
function fullLimit(c: Code, dst: number, n: number, size: number): void {
  c.get(n).i32(1 - size).i32Add().i32(0).get(n).i32(size).i32GeU().select().set(dst);
}

/** The kernel's FunctionDef, exported as `gemmNT` (gemmNT(m, n, p, alpha, a, lda, b, ldb, beta, c, ldc)). */
export function gemmDotFunction(R0 = ROWS, Q0 = COLS): FunctionDef {
  // (m, n, p, alpha, a, lda, b, ldb, beta, c, ldc); pointers in bytes, strides in elements.
  const fb = new FnBuilder('gemmNT', [I32, I32, I32, F64, I32, I32, I32, I32, I32, I32, I32], []);
  const [M, N, P, ALPHA, A, LDA, B, LDB, BETA, C, LDC] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const c = fb.c;
  const i = fb.i32();
  const j = fb.i32();
  const kb = fb.i32();
  const kEnd = fb.i32(); // bytes covered by k-pairs
  const odd = fb.i32(); // p odd: one scalar term at byte kEnd
  const mFull = fb.i32(); // i < mFull ⇔ a whole R0-row block fits
  const nFull = fb.i32();
  const ai = fb.i32(); // &A[i][0]
  const ci = fb.i32(); // &C[i][0]
  const bj = fb.i32(); // &B[j][0]
  const rows = Array.from({ length: R0 }, (_, r) => r);
  const cols = Array.from({ length: Q0 }, (_, q) => q);
  const pa = rows.map(() => fb.i32());
  const pb = cols.map(() => fb.i32());
  const acc = rows.map(() => cols.map(() => fb.v()));
  const ys = cols.map(() => fb.v());
  const x = fb.v();
  const s = rows.map(() => cols.map(() => fb.local(F64)));
  const zero = fb.k(0);

  c.get(LDA).i32(3).i32Shl().set(LDA);
  c.get(LDB).i32(3).i32Shl().set(LDB);
  c.get(LDC).i32(3).i32Shl().set(LDC);
  c.get(P).i32(1).i32And().set(odd);
  c.get(P).get(odd).i32Sub().i32(3).i32Shl().set(kEnd);
  fullLimit(c, mFull, M, R0);
  fullLimit(c, nFull, N, Q0);

  /** The R×Q block of C at (i, j): ai, bj, ci, j set. */
  const microKernel = (R: number, Q: number): void => {
    for (let r = 0; r < R; r++) {
      if (r === 0) c.get(ai).set(pa[0]);
      else c.get(pa[r - 1]).get(LDA).i32Add().set(pa[r]);
    }
    for (let q = 0; q < Q; q++) {
      if (q === 0) c.get(bj).set(pb[0]);
      else c.get(pb[q - 1]).get(LDB).i32Add().set(pb[q]);
    }
    for (let r = 0; r < R; r++) for (let q = 0; q < Q; q++) c.get(zero).set(acc[r][q]);
    c.i32(0).set(kb);
    /** One k-pair at byte kb + offset (unrolling by two measured slower in V8). */
    const step = (offset: number): void => {
      for (let q = 0; q < Q; q++) c.get(pb[q]).get(kb).i32Add().v128Load(offset).set(ys[q]);
      for (let r = 0; r < R; r++) {
        c.get(pa[r]).get(kb).i32Add().v128Load(offset).set(x);
        for (let q = 0; q < Q; q++) c.get(acc[r][q]).get(x).get(ys[q]).f64x2Mul().f64x2Add().set(acc[r][q]);
      }
    };
    whileLess(c, kb, kEnd, () => {
      step(0);
      addTo(c, kb, 16);
    });
    for (let r = 0; r < R; r++)
      for (let q = 0; q < Q; q++)
        c.get(acc[r][q]).f64x2ExtractLane(0).get(acc[r][q]).f64x2ExtractLane(1).f64Add().set(s[r][q]);
    // odd p: the last term
    c.block().get(odd).i32Eqz().brIf(0);
    for (let r = 0; r < R; r++)
      for (let q = 0; q < Q; q++)
        c.get(s[r][q]).get(pa[r]).get(kEnd).i32Add().f64Load().get(pb[q]).get(kEnd).i32Add().f64Load().f64Mul().f64Add().set(s[r][q]);
    c.end();
    // store: β = 1 accumulates, β = 0 overwrites
    c.get(ci).get(j).i32(3).i32Shl().i32Add().set(pa[0]); // reuse pa[0] as &C[i][j]
    const store = (accumulate: boolean): void => {
      for (let r = 0; r < R; r++) {
        if (r > 0) c.get(pa[0]).get(LDC).i32Add().set(pa[0]);
        for (let q = 0; q < Q; q++) {
          c.get(pa[0]);
          if (accumulate) c.get(pa[0]).f64Load(8 * q);
          c.get(ALPHA).get(s[r][q]).f64Mul();
          if (accumulate) c.f64Add();
          c.f64Store(8 * q);
        }
      }
    };
    c.block();
    c.block().get(BETA).i32Eqz().brIf(0);
    store(true);
    c.i32(1).brIf(1);
    c.end();
    store(false);
    c.end();
  };

  /** `if (get(at) + size ≤ get(n)) { body }` (the one tail block of a remainder < the block size). */
  const ifFits = (at: number, n: number, size: number, body: () => void): void => {
    c.block().get(at).i32(size).i32Add().get(n).i32GtU().brIf(0);
    body();
    c.end();
  };

  /** All column blocks of one row block of height R: Q0-wide, then one narrower tail block. */
  const rowBlock = (R: number): void => {
    c.i32(0).set(j);
    c.get(B).set(bj);
    const columns = (Q: number): void => {
      microKernel(R, Q);
      addTo(c, j, Q);
      c.get(bj).get(LDB).i32(Q).i32Mul().i32Add().set(bj);
    };
    whileLess(c, j, nFull, () => columns(Q0));
    for (let Q = Q0 - 1; Q >= 1; Q--) ifFits(j, N, Q, () => columns(Q));
  };

  const rowsOf = (R: number): void => {
    rowBlock(R);
    addTo(c, i, R);
    c.get(ai).get(LDA).i32(R).i32Mul().i32Add().set(ai);
    c.get(ci).get(LDC).i32(R).i32Mul().i32Add().set(ci);
  };
  c.i32(0).set(i);
  c.get(A).set(ai);
  c.get(C).set(ci);
  whileLess(c, i, mFull, () => rowsOf(R0));
  for (let R = R0 - 1; R >= 1; R--) ifFits(i, M, R, () => rowsOf(R));
  return fb.build();
}

/** k slab depth and rows of B per block: a KC × NC slab of B (196 KiB) stays in L2. */
const KC = 256;
const NC = 96;

/**
 * C ← β·C + α·A·Bᵀ through `kernel`, cache-blocked as in linalg/gemm.ts (a, b, c byte addresses
 * in the kernel's memory; lda, ldb, ldc in elements; m, n ≥ 1, p ≥ 0).
 */
export function gemmDot(kernel: GemmDotKernel, m: number, n: number, p: number, alpha: number, a: number, lda: number, b: number, ldb: number, beta: 0 | 1, c: number, ldc: number): void {
  if (p <= KC && n <= NC) {
    kernel(m, n, p, alpha, a, lda, b, ldb, beta, c, ldc);
    return;
  }
  const slabs = Math.max(1, Math.ceil(p / KC));
  for (let j0 = 0; j0 < n; j0 += NC) {
    const nb = Math.min(NC, n - j0);
    for (let t = 0; t < slabs; t++) {
      const k0 = t * KC;
      const kb = Math.min(KC, p - k0);
      kernel(m, nb, kb, alpha, a + 8 * k0, lda, b + 8 * (j0 * ldb + k0), ldb, t === 0 ? beta : 1, c + 8 * j0, ldc);
    }
  }
}

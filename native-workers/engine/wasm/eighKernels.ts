/**
 * WebAssembly SIMD (f64x2) kernels for the dense symmetric eigensolver (linalg/eigh.ts), assembled
 * at run time with wasm/encoder.ts, and the memory arena they work in:
 *
 *   gemmNT    C ← β·C + α·A·Bᵀ (the dot-product kernel of wasm/gemmDot.ts, shared with the
 *             network GEMM; β = 0 ignores C's old contents). Serves the rank-2k trailing update of the blocked
 *             tridiagonalization, the compact-WY back-transform and the divide-and-conquer merges.
 *   symvRows  y += A·v on the trailing block from the upper triangle, four rows per step: every
 *             off-diagonal entry serves the row dot and the scatter into y (the panel's matvec).
 *   rank2Symv the unblocked dsytd2 step: A ← A − v·wᵀ − w·vᵀ fused with p += A·u (next matvec).
 *   secularSums, lownerRow, vectorRow  the O(K²) loops of the divide-and-conquer merge
 *             (linalg/rankOneUpdate.ts): secular-equation sums, Löwner products, vector rows.
 *   rotateRowPairs  one QL sweep's Givens rotations on the eigenvector rows of a leaf.
 *   shift     dst = src − s (the secular solver's pole offsets).
 *
 * All operands must be views of the arena's memory (from {@link DenseKernels.alloc}); any other
 * array falls back to the TS kernel. The arena is reused between calls while it is small (≤ 64 MiB)
 * and thrown away otherwise. Unavailable (null) without WebAssembly SIMD.
 */
import { encodeModule, ValType, type FunctionDef } from './encoder';
import { FnBuilder } from './vectorMath';
import { addTo, gemmDot, gemmDotFunction, whileLess } from './gemmDot';
import { gemmNT as gemmNTScalar } from '../linalg/gemm';
import type { DenseKernels } from '../linalg/denseKernels';

const { I32, F64 } = ValType;

interface EighExports {
  gemmNT(m: number, n: number, p: number, alpha: number, a: number, lda: number, b: number, ldb: number, beta: number, c: number, ldc: number): void;
  symvRows(a: number, n: number, from: number, v: number, y: number): number;
  rank2Symv(a: number, n: number, start: number, v: number, w: number, u: number, p: number): void;
  secularSums(delta: number, z2: number, K: number, split: number, tau: number, out: number): void;
  lownerRow(prod: number, delta: number, d: number, j: number, K: number): void;
  vectorRow(delta: number, zHat: number, K: number): number;
  rotateRowPairs(z: number, ldz: number, m: number, cs: number, ss: number, first: number, last: number): void;
  shift(dst: number, src: number, s: number, K: number): void;
}


function symvFunction(): FunctionDef {
  // (a, n, from, v, y) → first row not done; a, v, y byte pointers of A[0][0], v[0], y[0].
  const fb = new FnBuilder('symvRows', [I32, I32, I32, I32, I32], [I32]);
  const [A, N, FROM, VP, YP] = [0, 1, 2, 3, 4];
  const c = fb.c;
  const n8 = fb.i32();
  const r = fb.i32();
  const rEnd = fb.i32(); // last start row + 1 with 4 rows left
  const r8 = fb.i32();
  const c8 = fb.i32();
  const cEnd = fb.i32();
  const row = [fb.i32(), fb.i32(), fb.i32(), fb.i32()]; // &A[r+a][0]
  const vr = [fb.local(F64), fb.local(F64), fb.local(F64), fb.local(F64)];
  const vs = [fb.v(), fb.v(), fb.v(), fb.v()];
  const s = [fb.local(F64), fb.local(F64), fb.local(F64), fb.local(F64)];
  const acc = [fb.v(), fb.v(), fb.v(), fb.v()];
  const e = [fb.v(), fb.v(), fb.v(), fb.v()];
  const x = fb.v();
  const yv = fb.v();
  const val = fb.local(F64);
  const zero = fb.k(0);

  c.get(N).i32(3).i32Shl().set(n8);
  c.get(FROM).set(r);
  // rows r with r + 4 ≤ n, i.e. r < n − 3 (guard n < 3)
  c.get(N).i32(3).i32Sub().set(rEnd);
  c.block().get(N).i32(4).i32LtU().i32Eqz().brIf(0);
  c.get(FROM).set(rEnd);
  c.end();
  whileLess(c, r, rEnd, () => {
    c.get(r).i32(3).i32Shl().set(r8);
    for (let a = 0; a < 4; a++) {
      if (a === 0) c.get(A).get(r).get(n8).i32Mul().i32Add().set(row[0]);
      else c.get(row[a - 1]).get(n8).i32Add().set(row[a]);
      c.get(VP).get(r8).i32Add().f64Load(8 * a).set(vr[a]);
      c.get(vr[a]).f64x2Splat().set(vs[a]);
      c.f64(0).set(s[a]);
      c.get(zero).set(acc[a]);
    }
    // 4×4 diagonal block from its upper triangle
    for (let a = 0; a < 4; a++)
      for (let b = a; b < 4; b++) {
        c.get(row[a]).get(r8).i32Add().f64Load(8 * b).set(val);
        c.get(s[a]).get(val).get(vr[b]).f64Mul().f64Add().set(s[a]);
        if (b > a) c.get(s[b]).get(val).get(vr[a]).f64Mul().f64Add().set(s[b]);
      }
    // columns r+4 … in pairs
    c.get(r8).i32(32).i32Add().set(c8);
    c.get(n8).get(c8).i32Sub().i32(-16).i32And().get(c8).i32Add().set(cEnd);
    whileLess(c, c8, cEnd, () => {
      c.get(VP).get(c8).i32Add().v128Load().set(x);
      c.get(YP).get(c8).i32Add().v128Load().set(yv);
      for (let a = 0; a < 4; a++) {
        c.get(row[a]).get(c8).i32Add().v128Load().set(e[a]);
        c.get(acc[a]).get(e[a]).get(x).f64x2Mul().f64x2Add().set(acc[a]);
        c.get(yv).get(e[a]).get(vs[a]).f64x2Mul().f64x2Add().set(yv);
      }
      c.get(YP).get(c8).i32Add().get(yv).v128Store();
      addTo(c, c8, 16);
    });
    // odd tail: column n − 1
    c.block().get(cEnd).get(n8).i32LtU().i32Eqz().brIf(0);
    c.get(VP).get(cEnd).i32Add().f64Load().set(val); // v[n−1]
    for (let a = 0; a < 4; a++)
      c.get(s[a]).get(row[a]).get(cEnd).i32Add().f64Load().get(val).f64Mul().f64Add().set(s[a]);
    c.get(YP).get(cEnd).i32Add();
    c.get(YP).get(cEnd).i32Add().f64Load();
    for (let a = 0; a < 4; a++) c.get(row[a]).get(cEnd).i32Add().f64Load().get(vr[a]).f64Mul().f64Add();
    c.f64Store();
    c.end();
    for (let a = 0; a < 4; a++) {
      c.get(YP).get(r8).i32Add();
      c.get(YP).get(r8).i32Add().f64Load(8 * a);
      c.get(s[a]).f64Add();
      c.get(acc[a]).f64x2ExtractLane(0).f64Add().get(acc[a]).f64x2ExtractLane(1).f64Add();
      c.f64Store(8 * a);
    }
    addTo(c, r, 4);
  });
  c.get(r);
  return fb.build();
}

function rank2SymvFunction(): FunctionDef {
  // (a, n, start, v, w, u, p): byte pointers of A[0][0], v[0], w[0], u[0], p[0].
  const fb = new FnBuilder('rank2Symv', [I32, I32, I32, I32, I32, I32, I32], []);
  const [A, N, START, VP, WP, UP, PP] = [0, 1, 2, 3, 4, 5, 6];
  const c = fb.c;
  const n8 = fb.i32();
  const i = fb.i32();
  const i8 = fb.i32();
  const row = fb.i32();
  const j8 = fb.i32();
  const jEnd = fb.i32();
  const vi = fb.local(F64);
  const wi = fb.local(F64);
  const ui = fb.local(F64);
  const a = fb.local(F64);
  const acc = fb.local(F64);
  const vs = fb.v();
  const ws = fb.v();
  const us = fb.v();
  const accv = fb.v();
  const av = fb.v();
  const zero = fb.k(0);
  c.get(N).i32(3).i32Shl().set(n8);
  c.get(START).set(i);
  whileLess(c, i, N, () => {
    c.get(i).i32(3).i32Shl().set(i8);
    c.get(A).get(i).get(n8).i32Mul().i32Add().set(row);
    c.get(VP).get(i8).i32Add().f64Load().tee(vi).f64x2Splat().set(vs);
    c.get(WP).get(i8).i32Add().f64Load().tee(wi).f64x2Splat().set(ws);
    c.get(UP).get(i8).i32Add().f64Load().tee(ui).f64x2Splat().set(us);
    // diagonal: a = A[i][i] − 2·vᵢ·wᵢ
    c.get(row).get(i8).i32Add();
    c.get(row).get(i8).i32Add().f64Load().get(vi).get(wi).f64Mul().get(vi).get(wi).f64Mul().f64Add().f64Sub().tee(a);
    c.f64Store();
    c.get(a).get(ui).f64Mul().set(acc);
    c.get(zero).set(accv);
    c.get(i8).i32(8).i32Add().set(j8);
    c.get(n8).get(j8).i32Sub().i32(-16).i32And().get(j8).i32Add().set(jEnd);
    whileLess(c, j8, jEnd, () => {
      c.get(row).get(j8).i32Add().v128Load();
      c.get(vs).get(WP).get(j8).i32Add().v128Load().f64x2Mul().f64x2Sub();
      c.get(ws).get(VP).get(j8).i32Add().v128Load().f64x2Mul().f64x2Sub().set(av);
      c.get(row).get(j8).i32Add().get(av).v128Store();
      c.get(accv).get(av).get(UP).get(j8).i32Add().v128Load().f64x2Mul().f64x2Add().set(accv);
      c.get(PP).get(j8).i32Add();
      c.get(PP).get(j8).i32Add().v128Load().get(av).get(us).f64x2Mul().f64x2Add().v128Store();
      addTo(c, j8, 16);
    });
    // odd tail: column n − 1
    c.block().get(jEnd).get(n8).i32LtU().i32Eqz().brIf(0);
    c.get(row).get(jEnd).i32Add().f64Load();
    c.get(vi).get(WP).get(jEnd).i32Add().f64Load().f64Mul().f64Sub();
    c.get(wi).get(VP).get(jEnd).i32Add().f64Load().f64Mul().f64Sub().set(a);
    c.get(row).get(jEnd).i32Add().get(a).f64Store();
    c.get(acc).get(a).get(UP).get(jEnd).i32Add().f64Load().f64Mul().f64Add().set(acc);
    c.get(PP).get(jEnd).i32Add();
    c.get(PP).get(jEnd).i32Add().f64Load().get(a).get(ui).f64Mul().f64Add().f64Store();
    c.end();
    c.get(PP).get(i8).i32Add();
    c.get(PP).get(i8).i32Add().f64Load().get(acc).f64Add();
    c.get(accv).f64x2ExtractLane(0).f64Add().get(accv).f64x2ExtractLane(1).f64Add();
    c.f64Store();
    addTo(c, i, 1);
  });
  return fb.build();
}

/**
 * Emits `body(vec, at)` for the elements [lo, hi) of f64 arrays, where `at` is a local holding the
 * byte offset of the element (pair): pairs as f64x2 (vec = true), then a scalar tail.
 */
function pairsLoop(fb: FnBuilder, lo: number, hi: number, body: (vec: boolean, at: number) => void): void {
  const c = fb.c;
  const at = fb.i32();
  const end = fb.i32();
  const stop = fb.i32();
  c.get(lo).i32(3).i32Shl().set(at);
  c.get(hi).i32(3).i32Shl().set(stop);
  // end = at + ((stop − at) & ~15), guarded for hi ≤ lo
  c.block().get(at).get(stop).i32LtU().i32Eqz().brIf(0);
  c.get(stop).get(at).i32Sub().i32(-16).i32And().get(at).i32Add().set(end);
  whileLess(c, at, end, () => {
    body(true, at);
    addTo(c, at, 16);
  });
  c.block().get(at).get(stop).i32LtU().i32Eqz().brIf(0);
  body(false, at);
  c.end();
  c.end();
}

function secularFunction(): FunctionDef {
  // (delta, z2, K, split, tau, out): out[0…3] = ψ, ψ', φ, φ'
  const fb = new FnBuilder('secularSums', [I32, I32, I32, I32, F64, I32], []);
  const [DP, ZP, K, SPLIT, TAU, OUT] = [0, 1, 2, 3, 4, 5];
  const c = fb.c;
  const zeroI = fb.i32();
  const taus = fb.v();
  const one = fb.k(1);
  const r = fb.v();
  const t = fb.v();
  const rs = fb.local(F64);
  const ts = fb.local(F64);
  const acc = [fb.v(), fb.v(), fb.v(), fb.v()];
  const sc = [fb.local(F64), fb.local(F64), fb.local(F64), fb.local(F64)];
  const zero = fb.k(0);
  c.get(TAU).f64x2Splat().set(taus);
  for (let q = 0; q < 4; q++) c.get(zero).set(acc[q]).f64(0).set(sc[q]);
  c.i32(0).set(zeroI);
  const range = (lo: number, hi: number, s: number): void =>
    pairsLoop(fb, lo, hi, (vec, at) => {
      if (vec) {
        c.get(one).get(DP).get(at).i32Add().v128Load().get(taus).f64x2Sub().f64x2Div().set(r);
        c.get(ZP).get(at).i32Add().v128Load().get(r).f64x2Mul().set(t);
        c.get(acc[s]).get(t).f64x2Add().set(acc[s]);
        c.get(acc[s + 1]).get(t).get(r).f64x2Mul().f64x2Add().set(acc[s + 1]);
      } else {
        c.f64(1).get(DP).get(at).i32Add().f64Load().get(TAU).f64Sub().f64Div().set(rs);
        c.get(ZP).get(at).i32Add().f64Load().get(rs).f64Mul().set(ts);
        c.get(sc[s]).get(ts).f64Add().set(sc[s]);
        c.get(sc[s + 1]).get(ts).get(rs).f64Mul().f64Add().set(sc[s + 1]);
      }
    });
  range(zeroI, SPLIT, 0);
  range(SPLIT, K, 2);
  for (let q = 0; q < 4; q++) {
    c.get(OUT);
    c.get(acc[q]).f64x2ExtractLane(0).get(acc[q]).f64x2ExtractLane(1).f64Add().get(sc[q]).f64Add();
    c.f64Store(8 * q);
  }
  return fb.build();
}

function lownerFunction(): FunctionDef {
  // (prod, delta, d, j, K): prod[m] *= −Δ[m]/(d[j+1] − d[m]) for m ≤ j, Δ[m]/(d[m] − d[j]) for m > j
  const fb = new FnBuilder('lownerRow', [I32, I32, I32, I32, I32], []);
  const [PP, DP, D, J, K] = [0, 1, 2, 3, 4];
  const c = fb.c;
  const zeroI = fb.i32();
  const j1 = fb.i32();
  const dj = fb.local(F64);
  const dj1 = fb.local(F64);
  const djs = fb.v();
  const dj1s = fb.v();
  const x = fb.v();
  const xs = fb.local(F64);
  const zero = fb.k(0);
  c.i32(0).set(zeroI);
  c.get(J).i32(1).i32Add().set(j1);
  c.get(D).get(J).i32(3).i32Shl().i32Add().f64Load().tee(dj).f64x2Splat().set(djs);
  c.get(D).get(j1).i32(3).i32Shl().i32Add().f64Load().tee(dj1).f64x2Splat().set(dj1s);
  pairsLoop(fb, zeroI, j1, (vec, at) => {
    if (vec) {
      c.get(zero).get(DP).get(at).i32Add().v128Load().f64x2Sub();
      c.get(dj1s).get(D).get(at).i32Add().v128Load().f64x2Sub().f64x2Div().set(x);
      c.get(PP).get(at).i32Add();
      c.get(PP).get(at).i32Add().v128Load().get(x).f64x2Mul().v128Store();
    } else {
      c.f64(0).get(DP).get(at).i32Add().f64Load().f64Sub();
      c.get(dj1).get(D).get(at).i32Add().f64Load().f64Sub().f64Div().set(xs);
      c.get(PP).get(at).i32Add();
      c.get(PP).get(at).i32Add().f64Load().get(xs).f64Mul().f64Store();
    }
  });
  pairsLoop(fb, j1, K, (vec, at) => {
    if (vec) {
      c.get(DP).get(at).i32Add().v128Load();
      c.get(D).get(at).i32Add().v128Load().get(djs).f64x2Sub().f64x2Div().set(x);
      c.get(PP).get(at).i32Add();
      c.get(PP).get(at).i32Add().v128Load().get(x).f64x2Mul().v128Store();
    } else {
      c.get(DP).get(at).i32Add().f64Load();
      c.get(D).get(at).i32Add().f64Load().get(dj).f64Sub().f64Div().set(xs);
      c.get(PP).get(at).i32Add();
      c.get(PP).get(at).i32Add().f64Load().get(xs).f64Mul().f64Store();
    }
  });
  return fb.build();
}

function vectorRowFunction(): FunctionDef {
  // (delta, zHat, K) → Σ u², with Δ[m] ← u = zHat[m]/Δ[m]
  const fb = new FnBuilder('vectorRow', [I32, I32, I32], [F64]);
  const [DP, ZP, K] = [0, 1, 2];
  const c = fb.c;
  const zeroI = fb.i32();
  const u = fb.v();
  const us = fb.local(F64);
  const acc = fb.v();
  const sc = fb.local(F64);
  c.get(fb.k(0)).set(acc);
  c.f64(0).set(sc);
  c.i32(0).set(zeroI);
  pairsLoop(fb, zeroI, K, (vec, at) => {
    if (vec) {
      c.get(ZP).get(at).i32Add().v128Load().get(DP).get(at).i32Add().v128Load().f64x2Div().set(u);
      c.get(DP).get(at).i32Add().get(u).v128Store();
      c.get(acc).get(u).get(u).f64x2Mul().f64x2Add().set(acc);
    } else {
      c.get(ZP).get(at).i32Add().f64Load().get(DP).get(at).i32Add().f64Load().f64Div().set(us);
      c.get(DP).get(at).i32Add().get(us).f64Store();
      c.get(sc).get(us).get(us).f64Mul().f64Add().set(sc);
    }
  });
  c.get(acc).f64x2ExtractLane(0).get(acc).f64x2ExtractLane(1).f64Add().get(sc).f64Add();
  return fb.build();
}

function rotateFunction(): FunctionDef {
  // (z, ldz, m, cs, ss, first, last): z = &Z[row 0][col 0] in bytes, ldz in elements
  const fb = new FnBuilder('rotateRowPairs', [I32, I32, I32, I32, I32, I32, I32], []);
  const [ZP, LDZ, M, CS, SS, FIRST, LAST] = [0, 1, 2, 3, 4, 5, 6];
  const c = fb.c;
  const i = fb.i32();
  const a = fb.i32();
  const b = fb.i32();
  const zeroI = fb.i32();
  const cv = fb.v();
  const sv = fb.v();
  const cf = fb.local(F64);
  const sf = fb.local(F64);
  const x = fb.v();
  const y = fb.v();
  const xs = fb.local(F64);
  const ys = fb.local(F64);
  c.get(LDZ).i32(3).i32Shl().set(LDZ);
  c.i32(0).set(zeroI);
  c.get(LAST).i32(1).i32Add().set(i); // loop i = last … first, counting i+1 down to first+1
  c.block().get(FIRST).get(i).i32LtU().i32Eqz().brIf(0);
  c.loop();
  c.get(i).i32(1).i32Sub().set(i);
  c.get(CS).get(i).i32(3).i32Shl().i32Add().f64Load().tee(cf).f64x2Splat().set(cv);
  c.get(SS).get(i).i32(3).i32Shl().i32Add().f64Load().tee(sf).f64x2Splat().set(sv);
  c.get(ZP).get(i).get(LDZ).i32Mul().i32Add().set(a);
  c.get(a).get(LDZ).i32Add().set(b);
  pairsLoop(fb, zeroI, M, (vec, at) => {
    if (vec) {
      c.get(a).get(at).i32Add().v128Load().set(x);
      c.get(b).get(at).i32Add().v128Load().set(y);
      c.get(b).get(at).i32Add().get(sv).get(x).f64x2Mul().get(cv).get(y).f64x2Mul().f64x2Add().v128Store();
      c.get(a).get(at).i32Add().get(cv).get(x).f64x2Mul().get(sv).get(y).f64x2Mul().f64x2Sub().v128Store();
    } else {
      c.get(a).get(at).i32Add().f64Load().set(xs);
      c.get(b).get(at).i32Add().f64Load().set(ys);
      c.get(b).get(at).i32Add().get(sf).get(xs).f64Mul().get(cf).get(ys).f64Mul().f64Add().f64Store();
      c.get(a).get(at).i32Add().get(cf).get(xs).f64Mul().get(sf).get(ys).f64Mul().f64Sub().f64Store();
    }
  });
  c.get(FIRST).get(i).i32LtU().brIf(0);
  c.end().end();
  return fb.build();
}

function shiftFunction(): FunctionDef {
  // (dst, src, s, K): dst[m] = src[m] − s
  const fb = new FnBuilder('shift', [I32, I32, F64, I32], []);
  const [DST, SRC, S, K] = [0, 1, 2, 3];
  const c = fb.c;
  const zeroI = fb.i32();
  const sv = fb.v();
  c.get(S).f64x2Splat().set(sv);
  c.i32(0).set(zeroI);
  pairsLoop(fb, zeroI, K, (vec, at) => {
    c.get(DST).get(at).i32Add();
    if (vec) c.get(SRC).get(at).i32Add().v128Load().get(sv).f64x2Sub().v128Store();
    else c.get(SRC).get(at).i32Add().f64Load().get(S).f64Sub().f64Store();
  });
  return fb.build();
}

let compiled: WebAssembly.Module | null | undefined;

function compile(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      const bytes = encodeModule([gemmDotFunction(), symvFunction(), rank2SymvFunction(), secularFunction(), lownerFunction(), vectorRowFunction(), rotateFunction(), shiftFunction()]);
      compiled = typeof WebAssembly === 'object' && WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

const PAGE = 65536;
/** Arenas up to this size are kept for the next call. */
const KEEP_BYTES = 64 * 2 ** 20;

class Arena implements DenseKernels {
  readonly kind = 'simd' as const;
  private top = 0;
  private f64: Float64Array;
  /** memory.buffer, cached: the getter is slow and the buffer only changes when the memory grows. */
  private buffer: ArrayBuffer;
  constructor(
    private readonly memory: WebAssembly.Memory,
    private readonly fns: EighExports,
  ) {
    this.buffer = memory.buffer;
    this.f64 = new Float64Array(this.buffer);
  }

  /** Makes room for `bytes` (invalidates earlier views); false when the memory cannot grow. */
  reserve(bytes: number): boolean {
    this.top = 0;
    this.seen.fill(null);
    const have = this.memory.buffer.byteLength;
    if (bytes > have) {
      try {
        this.memory.grow(Math.ceil((bytes - have) / PAGE));
      } catch {
        return false;
      }
    }
    this.buffer = this.memory.buffer;
    this.f64 = new Float64Array(this.buffer);
    return true;
  }

  alloc(len: number, zeroed = true): Float64Array {
    const start = (this.top + 1) & ~1; // 16-byte aligned
    const end = start + len;
    if (end > this.f64.length) return new Float64Array(len); // outside: TS kernels
    this.top = end;
    const view = this.f64.subarray(start, end);
    if (zeroed) view.fill(0);
    return view;
  }

  mark(): number {
    return this.top;
  }

  release(mark: number): void {
    this.top = mark;
  }

  /**
   * The last arrays found inside: the merge loops pass the same few arrays thousands of times, and
   * reading `.buffer` was ≈ 4 % of eigh at n = 201 (profiled). Cleared when the memory is re-reserved.
   */
  private readonly seen: (Float64Array | null)[] = new Array<Float64Array | null>(SEEN).fill(null);
  private seenNext = 0;

  private inside(x: Float64Array): boolean {
    const seen = this.seen;
    for (let i = 0; i < SEEN; i++) if (seen[i] === x) return true;
    if (x.buffer !== this.buffer) return false;
    seen[this.seenNext] = x;
    this.seenNext = (this.seenNext + 1) % SEEN;
    return true;
  }

  gemmNT(
    m: number,
    n: number,
    p: number,
    alpha: number,
    A: Float64Array,
    aOff: number,
    lda: number,
    B: Float64Array,
    bOff: number,
    ldb: number,
    beta: 0 | 1,
    C: Float64Array,
    cOff: number,
    ldc: number,
  ): void {
    if (m <= 0 || n <= 0) return;
    if (!this.inside(A) || !this.inside(B) || !this.inside(C)) {
      gemmNTScalar(m, n, p, alpha, A, aOff, lda, B, bOff, ldb, beta, C, cOff, ldc);
      return;
    }
    // Cache blocking and the kernel: wasm/gemmDot.ts (shared with the network GEMM).
    gemmDot(this.fns.gemmNT, m, n, p, alpha, A.byteOffset + 8 * aOff, lda, B.byteOffset + 8 * bOff, ldb, beta, C.byteOffset + 8 * cOff, ldc);
  }

  symvRows(A: Float64Array, n: number, from: number, v: Float64Array, y: Float64Array): number {
    if (!this.inside(A) || !this.inside(v) || !this.inside(y)) return from;
    return this.fns.symvRows(A.byteOffset, n, from, v.byteOffset, y.byteOffset);
  }

  rank2Symv(A: Float64Array, n: number, start: number, v: Float64Array, w: Float64Array, u: Float64Array, p: Float64Array): boolean {
    if (!this.inside(A) || !this.inside(v) || !this.inside(w) || !this.inside(u) || !this.inside(p)) return false;
    this.fns.rank2Symv(A.byteOffset, n, start, v.byteOffset, w.byteOffset, u.byteOffset, p.byteOffset);
    return true;
  }

  secularSums(delta: Float64Array, off: number, z2: Float64Array, K: number, split: number, tau: number, out: Float64Array): boolean {
    if (!this.inside(delta) || !this.inside(z2) || !this.inside(out)) return false;
    this.fns.secularSums(delta.byteOffset + 8 * off, z2.byteOffset, K, split, tau, out.byteOffset);
    return true;
  }

  lownerRow(prod: Float64Array, delta: Float64Array, off: number, d: Float64Array, j: number, K: number): boolean {
    if (!this.inside(prod) || !this.inside(delta) || !this.inside(d)) return false;
    this.fns.lownerRow(prod.byteOffset, delta.byteOffset + 8 * off, d.byteOffset, j, K);
    return true;
  }

  rotateRowPairs(Z: Float64Array, zOff: number, ldz: number, m: number, cs: Float64Array, ss: Float64Array, first: number, last: number): boolean {
    if (!this.inside(Z) || !this.inside(cs) || !this.inside(ss)) return false;
    if (last >= first) this.fns.rotateRowPairs(Z.byteOffset + 8 * zOff, ldz, m, cs.byteOffset, ss.byteOffset, first, last);
    return true;
  }

  shift(dst: Float64Array, dOff: number, src: Float64Array, sOff: number, s: number, K: number): boolean {
    if (!this.inside(dst) || !this.inside(src)) return false;
    this.fns.shift(dst.byteOffset + 8 * dOff, src.byteOffset + 8 * sOff, s, K);
    return true;
  }

  vectorRow(delta: Float64Array, off: number, zHat: Float64Array, K: number): number {
    if (!this.inside(delta) || !this.inside(zHat)) return -1;
    return this.fns.vectorRow(delta.byteOffset + 8 * off, zHat.byteOffset, K);
  }
}

/** Arrays remembered by Arena.inside (a merge passes about this many distinct ones in turn). */
const SEEN = 8;

let kept: Arena | null = null;

/**
 * A SIMD arena with room for `doubles` float64 values, or null when WebAssembly SIMD is missing or
 * the memory cannot be had. Views from an earlier call are invalid afterwards.
 */
export function eighKernels(doubles: number): DenseKernels | null {
  const module = compile();
  if (module === null) return null;
  const bytes = 8 * doubles + 64;
  if (bytes > 2 ** 32 - PAGE) return null;
  const make = (initialBytes: number): Arena | null => {
    try {
      const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(initialBytes / PAGE)) });
      const fns = new WebAssembly.Instance(module, { e: { m: memory } }).exports as unknown as EighExports;
      return new Arena(memory, fns);
    } catch {
      return null;
    }
  };
  if (bytes > KEEP_BYTES) {
    const arena = make(bytes);
    return arena !== null && arena.reserve(bytes) ? arena : null;
  }
  kept ??= make(bytes);
  if (kept === null || !kept.reserve(bytes)) return null;
  return kept;
}

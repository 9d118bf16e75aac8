/**
 * The GEMM's dispatch (wasm/gemm.ts): operands contiguous along k go to the dot-product kernel of
 * wasm/gemmDot.ts, everything else to the packed kernels. Both kernels against each other and
 * against the plain triple loop on odd sizes, the edges of both kernels' tiles (4×2 dot blocks,
 * 4×4 packed tiles) and cache blocks (KC = 256 slabs, NC = 96 rows of B), with offsets, padded
 * strides and accumulation onto existing C (the β = 1 of GemmArena.gemm); and the eigensolver's
 * gemmNT, the same kernel, giving the same bits.
 */
import { describe, expect, it } from 'vitest';
import { GemmArena } from '../../../../native-workers/engine/wasm/gemm';
import { eighKernels } from '../../../../native-workers/engine/wasm/eighKernels';
import { lcg, uniformVector } from '../../helpers/randomNetwork';
import { relativeError } from '../../helpers/vectors';


/** C[c0 + i·ldc + j] += Σₖ A[a0 + i·lda + k]·B[b0 + j·ldb + k], summed in k order. */
function naive(M: number, N: number, K: number, A: Float64Array, a0: number, lda: number, B: Float64Array, b0: number, ldb: number, C: Float64Array, c0: number, ldc: number): void {
  for (let i = 0; i < M; i++)
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += A[a0 + i * lda + k] * B[b0 + j * ldb + k];
      C[c0 + i * ldc + j] += s;
    }
}

interface Case {
  arena: GemmArena;
  A: Float64Array;
  B: Float64Array;
  C: Float64Array;
  C0: Float64Array;
  a0: number;
  b0: number;
  c0: number;
  lda: number;
  ldb: number;
  ldc: number;
}

/** A (M × K, row stride lda ≥ K) and B (N × K) at odd offsets, C padded, all random. */
function setup(M: number, N: number, K: number, seed: number): Case {
  const rand = lcg(seed);
  const [a0, b0, c0] = [3, 1, 5];
  const [lda, ldb, ldc] = [K + 1, K + 2, N + 3];
  const arena = GemmArena.create([a0 + M * lda, b0 + N * ldb, c0 + M * ldc + 1])!;
  const [A, B, C] = arena.views;
  A.set(uniformVector(A.length, rand));
  B.set(uniformVector(B.length, rand));
  C.set(uniformVector(C.length, rand));
  return { arena, A, B, C, C0: Float64Array.from(C), a0, b0, c0, lda, ldb, ldc };
}

describe('GEMM dispatch: dot-product kernel vs packed kernels', () => {
  // M at every residue mod 4, N odd and even, K odd / even / across slabs; N across NC = 96.
  const shapes: [number, number, number][] = [
    [1, 1, 1], [1, 1, 1000], [2, 3, 5], [3, 1, 2], [5, 7, 3], [6, 2, 255], [7, 9, 257], [30, 97, 33],
    [33, 193, 513], [10, 30, 301], [97, 2, 777],
  ];
  for (const [M, N, K] of shapes) {
    it(`M ${M}, N ${N}, K ${K}: both kernels equal the triple loop and each other to 1e-13, C accumulated, nothing outside C touched`, () => {
      const t = setup(M, N, K, M * 7919 + N * 31 + K);
      const { arena, A, B, C, C0, a0, b0, c0, lda, ldb, ldc } = t;
      const expected = Float64Array.from(C0);
      naive(M, N, K, A, a0, lda, B, b0, ldb, expected, c0, ldc);
      arena.gemmDot(M, N, K, A, a0, lda, B, b0, ldb, C, c0, ldc);
      const dot = Float64Array.from(C);
      C.set(C0);
      // the same product with B read as op(B)[k, j] = B[b0 + j·ldb + k], by the packed kernels
      arena.gemmPacked(M, N, K, A, a0, lda, 1, B, b0, 1, ldb, C, c0, ldc);
      const packed = Float64Array.from(C);
      expect(relativeError(dot, expected)).toBeLessThan(1e-13);
      expect(relativeError(packed, expected)).toBeLessThan(1e-13);
      expect(relativeError(dot, packed)).toBeLessThan(1e-13);
      for (let i = 0; i < C.length; i++) {
        const r = Math.floor((i - c0) / ldc);
        const col = (i - c0) % ldc;
        if (!(i >= c0 && r < M && col < N)) {
          expect(dot[i]).toBe(C0[i]);
          expect(packed[i]).toBe(C0[i]);
        }
      }
    });
  }

  it('gemm picks the dot kernel exactly when acs = brs = 1 (bit for bit), the packed kernels otherwise', () => {
    const [M, N, K] = [7, 11, 259];
    const t = setup(M, N, K, 4);
    const { arena, A, B, C, C0, a0, b0, c0, lda, ldb, ldc } = t;
    const run = (f: () => void): Float64Array => {
      C.set(C0);
      f();
      return Float64Array.from(C);
    };
    const viaGemm = run(() => arena.gemm(M, N, K, A, a0, lda, 1, B, b0, 1, ldb, C, c0, ldc));
    const viaDot = run(() => arena.gemmDot(M, N, K, A, a0, lda, B, b0, ldb, C, c0, ldc));
    const viaPacked = run(() => arena.gemmPacked(M, N, K, A, a0, lda, 1, B, b0, 1, ldb, C, c0, ldc));
    expect(Array.from(viaGemm)).toEqual(Array.from(viaDot));
    // the two kernels sum in different orders: some entry differs in its last bits
    expect(Array.from(viaDot)).not.toEqual(Array.from(viaPacked));
    // op(A) strided along k (A read as its transpose, K × M): packed
    const T = GemmArena.create([M * K, N * ldb, M * ldc])!;
    const [At, Bt, Ct] = T.views;
    for (let i = 0; i < M; i++) for (let k = 0; k < K; k++) At[k * M + i] = A[a0 + i * lda + k];
    Bt.set(B.subarray(b0, b0 + N * ldb));
    const strided = (f: (Cv: Float64Array) => void): Float64Array => {
      Ct.fill(0);
      f(Ct);
      return Float64Array.from(Ct);
    };
    const g = strided((Cv) => T.gemm(M, N, K, At, 0, 1, M, Bt, 0, 1, ldb, Cv, 0, ldc));
    const p = strided((Cv) => T.gemmPacked(M, N, K, At, 0, 1, M, Bt, 0, 1, ldb, Cv, 0, ldc));
    expect(Array.from(g)).toEqual(Array.from(p));
  });

  it("the eigensolver's gemmNT (α = 1, β = 1) is the same kernel: identical bits", () => {
    const [M, N, K] = [13, 101, 300];
    const t = setup(M, N, K, 9);
    const { arena, A, B, C, C0, a0, b0, c0, lda, ldb, ldc } = t;
    arena.gemmDot(M, N, K, A, a0, lda, B, b0, ldb, C, c0, ldc);
    const k = eighKernels(A.length + B.length + C.length + 8)!;
    const Ae = k.alloc(A.length);
    const Be = k.alloc(B.length);
    const Ce = k.alloc(C.length);
    Ae.set(A);
    Be.set(B);
    Ce.set(C0);
    k.gemmNT(M, N, K, 1, Ae, a0, lda, Be, b0, ldb, 1, Ce, c0, ldc);
    expect(Array.from(Ce)).toEqual(Array.from(C));
  });
});

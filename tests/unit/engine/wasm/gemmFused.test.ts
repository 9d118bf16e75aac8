/**
 * The relaxed-SIMD FMA kernel of wasm/gemmDot.ts (3×3 block, f64x2.relaxed_madd) as GemmArena
 * `{ fused: true }` runs it: present in the test process (vitest's setup sets the V8 flag Node 20
 * needs — this fails, never skips, when it is missing), truly fused on this machine (one rounding:
 * a case where mul + add loses the answer), and equal to the triple loop and to the mul + add kernel
 * to 1e-13 of Σₖ|aᵢₖ·bⱼₖ| on the edges of its 3×3 tiles and of the KC = 256 / NC = 96 cache blocks,
 * with offsets, padded strides and accumulation onto C.
 */
import { describe, expect, it } from 'vitest';
import { encodeModule } from '../../../../native-workers/engine/wasm/encoder';
import { FUSED_COLS, FUSED_ROWS, gemmDotFunction, type GemmDotKernel } from '../../../../native-workers/engine/wasm/gemmDot';
import { fusedGemmAvailable, GemmArena } from '../../../../native-workers/engine/wasm/gemm';
import { relaxedSimdAvailable } from '../../../../native-workers/engine/wasm/relaxedSimd';
import { lcg, uniformVector } from '../../helpers/randomNetwork';

describe('relaxed SIMD in the test process', () => {
  it('is available (tests/unit/helpers/relaxedSimdSetup.ts turns it on; without it the FMA kernel would go untested)', () => {
    expect(relaxedSimdAvailable(), `relaxed SIMD unavailable on Node ${process.version}: is vitest.config.ts's setupFiles entry gone?`).toBe(true);
    expect(fusedGemmAvailable()).toBe(true);
  });

  it('f64x2.relaxed_madd rounds once: a·b − 1 with a·b = 1 − 2⁻⁶⁰ gives −2⁻⁶⁰ fused and 0 by mul + add', () => {
    const memory = new WebAssembly.Memory({ initial: 1 });
    const kernel = (fused: boolean): GemmDotKernel =>
      new WebAssembly.Instance(new WebAssembly.Module(encodeModule([gemmDotFunction(FUSED_ROWS, FUSED_COLS, fused)])), { e: { m: memory } }).exports.gemmNT as unknown as GemmDotKernel;
    const f = new Float64Array(memory.buffer);
    // A = [1, 0, 1 + 2⁻³⁰, 0], B = [−1, 0, 1 − 2⁻³⁰, 0]: lane 0 accumulates −1 then (1 + 2⁻³⁰)(1 − 2⁻³⁰) = 1 − 2⁻⁶⁰.
    f.set([1, 0, 1 + 2 ** -30, 0], 0);
    f.set([-1, 0, 1 - 2 ** -30, 0], 4);
    kernel(true)(1, 1, 4, 1, 0, 4, 32, 4, 0, 64, 1);
    expect(f[8]).toBe(-(2 ** -60));
    kernel(false)(1, 1, 4, 1, 0, 4, 32, 4, 0, 64, 1);
    expect(f[8]).toBe(0);
  });
});

/** C[c0 + i·ldc + j] += Σₖ A[a0 + i·lda + k]·B[b0 + j·ldb + k]; scale[i·N + j] = Σₖ |aᵢₖ·bⱼₖ| + |C₀|. */
function naive(M: number, N: number, K: number, A: Float64Array, a0: number, lda: number, B: Float64Array, b0: number, ldb: number, C: Float64Array, c0: number, ldc: number, scale: Float64Array): void {
  for (let i = 0; i < M; i++)
    for (let j = 0; j < N; j++) {
      let s = 0;
      let abs = Math.abs(C[c0 + i * ldc + j]);
      for (let k = 0; k < K; k++) {
        const t = A[a0 + i * lda + k] * B[b0 + j * ldb + k];
        s += t;
        abs += Math.abs(t);
      }
      C[c0 + i * ldc + j] += s;
      scale[i * N + j] = abs;
    }
}

describe('GemmArena { fused: true }: the FMA kernel against the triple loop and the mul + add kernel', () => {
  // M and N at every residue mod 3, K odd / even / across KC = 256 slabs, N across NC = 96.
  const shapes: [number, number, number][] = [
    [1, 1, 1], [1, 2, 3], [2, 1, 1000], [3, 3, 2], [4, 5, 7], [5, 4, 255], [7, 8, 257], [30, 97, 33], [31, 193, 513], [10, 30, 301], [98, 2, 777],
  ];
  for (const [M, N, K] of shapes) {
    it(`M ${M}, N ${N}, K ${K}: within 1e-13·Σ|a·b| of both, C accumulated, nothing outside C touched`, () => {
      const [a0, b0, c0] = [3, 1, 5];
      const [lda, ldb, ldc] = [K + 1, K + 2, N + 3];
      const sizes = [a0 + M * lda, b0 + N * ldb, c0 + M * ldc + 1];
      const fusedArena = GemmArena.create(sizes, { fused: true })!;
      const plainArena = GemmArena.create(sizes)!;
      expect(fusedArena.fused).toBe(true);
      expect(plainArena.fused).toBe(false);
      for (const arena of [fusedArena, plainArena]) {
        const r = lcg(M * 7919 + N * 31 + K); // the same operands in both
        arena.views.forEach((v) => v.set(uniformVector(v.length, r)));
      }
      const [A, B, C] = fusedArena.views;
      const C0 = Float64Array.from(C);
      const expected = Float64Array.from(C0);
      const scale = new Float64Array(M * N);
      naive(M, N, K, A, a0, lda, B, b0, ldb, expected, c0, ldc, scale);
      fusedArena.gemmDot(M, N, K, A, a0, lda, B, b0, ldb, C, c0, ldc);
      const [Ap, Bp, Cp] = plainArena.views;
      plainArena.gemmDot(M, N, K, Ap, a0, lda, Bp, b0, ldb, Cp, c0, ldc);
      let worstRef = 0;
      let worstPlain = 0;
      for (let i = 0; i < M; i++)
        for (let j = 0; j < N; j++) {
          const at = c0 + i * ldc + j;
          worstRef = Math.max(worstRef, Math.abs(C[at] - expected[at]) / scale[i * N + j]);
          worstPlain = Math.max(worstPlain, Math.abs(C[at] - Cp[at]) / scale[i * N + j]);
        }
      expect(worstRef).toBeLessThan(1e-13);
      expect(worstPlain).toBeLessThan(1e-13);
      for (let i = 0; i < C.length; i++) {
        const r = Math.floor((i - c0) / ldc);
        const col = (i - c0) % ldc;
        if (!(i >= c0 && r < M && col < N)) expect(C[i]).toBe(C0[i]);
      }
      // `gemm` sends operands contiguous along k to the same kernel
      C.set(C0);
      fusedArena.gemm(M, N, K, A, a0, lda, 1, B, b0, 1, ldb, C, c0, ldc);
      const viaGemm = Float64Array.from(C);
      C.set(C0);
      fusedArena.gemmDot(M, N, K, A, a0, lda, B, b0, ldb, C, c0, ldc);
      expect(viaGemm).toEqual(C);
    });
  }

  it('is a different kernel: on 60×60×600 its last bits differ from the mul + add kernel somewhere', () => {
    const [M, N, K] = [60, 60, 600];
    const sizes = [M * K, N * K, M * N];
    const results = [true, false].map((fused) => {
      const arena = GemmArena.create(sizes, { fused })!;
      const r = lcg(7);
      arena.views.forEach((v) => v.set(uniformVector(v.length, r)));
      const [A, B, C] = arena.views;
      C.fill(0);
      arena.gemmDot(M, N, K, A, 0, K, B, 0, K, C, 0, N);
      return Float64Array.from(C);
    });
    let differing = 0;
    for (let i = 0; i < M * N; i++) if (results[0][i] !== results[1][i]) differing++;
    expect(differing).toBeGreaterThan(0);
  });
});

import { describe, expect, it } from 'vitest';
import { GemmArena, wasmGemmAvailable } from '../../../../native-workers/engine/wasm/gemm';
import { lcg, uniformVector } from '../../helpers/randomNetwork';

/** C[c0 + i·ldc + j] += Σₖ A[a0 + i·ars + k·acs]·B[b0 + k·brs + j·bcs], the plain triple loop. */
function naive(M: number, N: number, K: number, A: Float64Array, a0: number, ars: number, acs: number, B: Float64Array, b0: number, brs: number, bcs: number, C: Float64Array, c0: number, ldc: number): void {
  for (let i = 0; i < M; i++)
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += A[a0 + i * ars + k * acs] * B[b0 + k * brs + j * bcs];
      C[c0 + i * ldc + j] += s;
    }
}

function norm(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

function relativeError(a: Float64Array, b: Float64Array): number {
  return norm(a.map((x, i) => x - b[i])) / norm(b);
}

describe('WebAssembly SIMD GEMM', () => {
  it('is available here (Node ships WebAssembly SIMD)', () => {
    expect(wasmGemmAvailable()).toBe(true);
  });

  // Sizes at the tails of the 4×4 register tile (1, 3, 7, 33) and across the cache blocks
  // (MC = 96 rows, KC = 256 deep, NC = 512 columns).
  const shapes: [number, number, number][] = [
    [1, 1, 1], [1, 7, 3], [3, 1, 7], [7, 3, 1], [3, 7, 33], [33, 33, 7], [4, 4, 4], [8, 12, 5],
    [97, 5, 3], [5, 3, 257], [2, 515, 6], [99, 517, 259],
  ];
  for (const [M, N, K] of shapes)
    for (const ta of [false, true])
      for (const tb of [false, true])
        it(`C += op(A)·op(B), M ${M}, N ${N}, K ${K}, A${ta ? 'ᵀ' : ''}, B${tb ? 'ᵀ' : ''}: equals the triple loop, nothing outside C touched`, () => {
          const rand = lcg(M * 1000 + N * 10 + K + (ta ? 3 : 0) + (tb ? 5 : 0));
          const [a0, b0, c0, ldc] = [3, 1, 2, N + 3]; // offsets and a padded C row
          const arena = GemmArena.create([a0 + M * K + 1, b0 + K * N, c0 + M * ldc + 2])!;
          const [A, B, C] = arena.views;
          A.set(uniformVector(A.length, rand));
          B.set(uniformVector(B.length, rand));
          C.set(uniformVector(C.length, rand));
          const expected = Float64Array.from(C);
          const [ars, acs] = ta ? [1, M] : [K, 1];
          const [brs, bcs] = tb ? [1, K] : [N, 1];
          arena.gemm(M, N, K, A, a0, ars, acs, B, b0, brs, bcs, C, c0, ldc);
          naive(M, N, K, A, a0, ars, acs, B, b0, brs, bcs, expected, c0, ldc);
          expect(relativeError(C, expected)).toBeLessThan(1e-15);
          for (let i = 0; i < C.length; i++) {
            const r = Math.floor((i - c0) / ldc);
            const col = (i - c0) % ldc;
            const inside = i >= c0 && r < M && col < N;
            if (!inside) expect(C[i]).toBe(expected[i]);
          }
        });

  it('keeps buffers disjoint and 16-byte aligned, and refuses views of other memory', () => {
    const arena = GemmArena.create([3, 5, 1, 8])!;
    const [a, b, c, d] = arena.views;
    expect([a.length, b.length, c.length, d.length]).toEqual([3, 5, 1, 8]);
    for (const v of arena.views) expect(v.byteOffset % 16).toBe(0);
    expect(b.byteOffset).toBeGreaterThanOrEqual(a.byteOffset + 24);
    expect(c.byteOffset).toBeGreaterThanOrEqual(b.byteOffset + 40);
    expect(arena.owns(a)).toBe(true);
    expect(arena.owns(new Float64Array(4))).toBe(false);
    expect(() => arena.gemm(1, 1, 1, new Float64Array(1), 0, 1, 1, b, 0, 1, 1, c, 0, 1)).toThrow(/not a view of this arena/);
  });

  it('refuses buffers beyond a 32-bit address space (the caller falls back to plain arrays)', () => {
    expect(GemmArena.create([2 ** 29])).toBeNull();
  });
});

/**
 * Where relaxed SIMD is missing (mocked here: Node 20 without the V8 flag, an older browser),
 * GemmArena `{ fused: true }` falls back to today's mul + add kernel: `fused` is false and the
 * results are bit for bit the default arena's.
 */
import { describe, expect, it, vi } from 'vitest';
import { fusedGemmAvailable, GemmArena } from '../../../../native-workers/engine/wasm/gemm';
import { lcg, uniformVector } from '../../helpers/randomNetwork';

vi.mock('../../../../native-workers/engine/wasm/relaxedSimd', () => ({ relaxedSimdAvailable: () => false }));

describe('GemmArena { fused: true } without relaxed SIMD', () => {
  it('runs the default kernel: fused false, the same bits as an arena created without the option', () => {
    expect(fusedGemmAvailable()).toBe(false);
    const [M, N, K] = [31, 40, 301];
    const results = [{ fused: true }, {}].map((options) => {
      const arena = GemmArena.create([M * K, N * K, M * N], options)!;
      expect(arena.fused).toBe(false);
      const r = lcg(11);
      arena.views.forEach((v) => v.set(uniformVector(v.length, r)));
      const [A, B, C] = arena.views;
      arena.gemmDot(M, N, K, A, 0, K, B, 0, K, C, 0, N);
      return Float64Array.from(C);
    });
    expect(results[0]).toEqual(results[1]);
    expect(results[0].some((x) => x !== 0)).toBe(true);
  });
});

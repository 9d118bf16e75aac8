/**
 * The SIMD plane path for large smooth two-layer nets (twoLayerSmoothArena.ts) against the engine's
 * general any-depth loss at the same points (independent code: no projections, no arena), and
 * against the scalar two-layer path it replaces above ARENA_MIN_WORK.
 */
import { describe, expect, it } from 'vitest';
import { twoLayerArchitecture } from '../../../../native-workers/engine/core/layout';
import type { ActivationName } from '../../../../native-workers/engine/core/types';
import { createLossEvaluator } from '../../../../native-workers/engine/derivatives/loss';
import { createPlaneEvaluator } from '../../../../native-workers/engine/landscape/createPlaneEvaluator';
import { twoLayerProjections } from '../../../../native-workers/engine/landscape/twoLayerProjections';
import { twoLayerSmoothEvaluator } from '../../../../native-workers/engine/landscape/twoLayerSmooth';
import { ARENA_MIN_WORK, twoLayerSmoothArenaEvaluator } from '../../../../native-workers/engine/landscape/twoLayerSmoothArena';
import { planeCase, pointOnPlane } from './fixtures';

describe('two-layer plane path on the SIMD arena', () => {
  // N·m odd in the first case: the activation kernel works on pairs, the last entry is scalar
  for (const [act, N, d, m, K] of [
    ['tanh', 1001, 12, 15, 5],
    ['softplus', 800, 7, 16, 6],
    ['sigmoid', 640, 20, 13, 8],
  ] as [ActivationName, number, number, number, number][]) {
    it(`${act} ${d}→${m}→${K}, N = ${N}: equals the general loss within 1e-13 relative on a row`, () => {
      expect(N * m * K).toBeGreaterThanOrEqual(ARENA_MIN_WORK);
      const c = planeCase(twoLayerArchitecture(d, m, K, act), N, 7 + m);
      const evaluator = createPlaneEvaluator(c.architecture, c.theta0, c.u, c.v, c.data);
      expect(evaluator.path).toBe('two-layer');
      const arena = twoLayerSmoothArenaEvaluator(twoLayerProjections(c.architecture, c.theta0, c.u, c.v, c.data), c.data.Y, act, 'identity');
      expect(arena).not.toBeNull();
      const general = createLossEvaluator(c.architecture, c.data, { kernel: 'general' });
      const count = 9;
      const [alpha0, dAlpha, beta] = [-1.3, 0.31, 0.45];
      const out = new Float64Array(count + 2);
      arena!.row(beta, alpha0, dAlpha, count, out, 2);
      const scalar = new Float64Array(count);
      twoLayerSmoothEvaluator(twoLayerProjections(c.architecture, c.theta0, c.u, c.v, c.data), c.data.Y, act, 'identity').row(beta, alpha0, dAlpha, count, scalar, 0);
      for (let k = 0; k < count; k++) {
        const expected = general.loss(pointOnPlane(c, alpha0 + k * dAlpha, beta));
        expect(Math.abs(out[2 + k] - expected)).toBeLessThanOrEqual(1e-13 * expected);
        expect(Math.abs(out[2 + k] - scalar[k])).toBeLessThanOrEqual(1e-13 * expected);
      }
      // the row's other entries are left alone
      expect(Array.from(out.slice(0, 2))).toEqual([0, 0]);
    });
  }

  it('projections of a large net (on the GEMM) equal the per-sample dot products within 1e-13', () => {
    const [N, d, m] = [2000, 50, 15]; // 3·N·d·m = 4.5e6, above the GEMM cut-off
    const c = planeCase(twoLayerArchitecture(d, m, 2, 'tanh'), N, 21);
    const p = twoLayerProjections(c.architecture, c.theta0, c.u, c.v, c.data);
    const bias = d * m; // θ: W (m × d), b (m), …
    for (const n of [0, 1, 777, N - 1])
      for (const j of [0, 7, m - 1])
        for (const [name, vec, got] of [['z0', c.theta0, p.z0], ['zu', c.u, p.zu], ['zv', c.v, p.zv]] as const) {
          let s = vec[bias + j];
          let scale = Math.abs(s);
          for (let i = 0; i < d; i++) {
            s += vec[j * d + i] * c.data.X[n * d + i];
            scale += Math.abs(vec[j * d + i] * c.data.X[n * d + i]);
          }
          expect(Math.abs(got[n * m + j] - s), `${name}[${n}, ${j}]`).toBeLessThanOrEqual(1e-13 * scale);
        }
  });

  it('does not apply where it cannot help: small work per point, ReLU, a non-identity output', () => {
    const small = planeCase(twoLayerArchitecture(2, 4, 1, 'tanh'), 200, 3);
    const p = twoLayerProjections(small.architecture, small.theta0, small.u, small.v, small.data);
    expect(twoLayerSmoothArenaEvaluator(p, small.data.Y, 'tanh', 'identity')).toBeNull();
    const big = planeCase(twoLayerArchitecture(12, 16, 5, 'tanh'), 1000, 4);
    const q = twoLayerProjections(big.architecture, big.theta0, big.u, big.v, big.data);
    expect(twoLayerSmoothArenaEvaluator(q, big.data.Y, 'tanh', 'sigmoid')).toBeNull();
    expect(twoLayerSmoothArenaEvaluator(q, big.data.Y, 'relu', 'identity')).toBeNull();
    expect(twoLayerSmoothArenaEvaluator(q, big.data.Y, 'tanh', 'identity')).not.toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { applyActivation } from '../../../../native-workers/engine/core/activationArrays';
import { GemmArena } from '../../../../native-workers/engine/wasm/gemm';
import type { ActivationName } from '../../../../native-workers/engine/core/types';

const zs = [0, -0, 1e-300, -1e-300, 1e-9, -1e-9, 0.3, -0.7, 1, -2.5, 10, -19, 40, -700, 710, 1e300, -1e300];
for (let i = 0; i < 200; i++) zs.push(12 * Math.sin(1.7 * i + 0.3));
const n = zs.length;

function ulpsApart(a: number, b: number): number {
  if (a === b) return 0;
  return Math.abs(a - b) / (Math.abs(b) * 2 ** -52 || Number.MIN_VALUE);
}

describe('f64x2 activation kernel on the GEMM arena', () => {
  for (const name of ['tanh', 'sigmoid', 'softplus'] as ActivationName[])
    it(`${name}: σ, σ', σ'' within 8 ulps (or 1e-300 absolute) of activationArrays, in both output sets`, () => {
      const arena = GemmArena.create([n, n, n, n, n])!;
      const [z, f, d1, d2, d1b] = arena.views;
      z.set(zs);
      const rf = new Float64Array(n);
      const r1 = new Float64Array(n);
      const r2 = new Float64Array(n);
      applyActivation(name, z, n, rf, r1, r2);
      const even = n & ~1;
      expect(arena.activate(name, z, n, f, d1, null)).toBe(even);
      expect(arena.activate(name, z, n, null, d1b, d2)).toBe(even);
      for (let i = 0; i < even; i++) {
        for (const [got, want] of [[f[i], rf[i]], [d1[i], r1[i]], [d1b[i], r1[i]], [d2[i], r2[i]]]) {
          const ok = ulpsApart(got, want) <= 8 || Math.abs(got - want) < 1e-300;
          if (!ok) throw new Error(`${name}(${z[i]}): got ${got}, expected ${want}`);
        }
      }
      expect(Object.is(f[1], name === 'tanh' ? -0 : f[1])).toBe(true); // tanh(−0) = −0
    });

  it('declines what it does not cover (relu, gelu; σ with σ″ but no σ′)', () => {
    const arena = GemmArena.create([4, 4, 4])!;
    const [z, f, d] = arena.views;
    expect(arena.activate('relu', z, 4, f, null, null)).toBe(0);
    expect(arena.activate('gelu', z, 4, f, d, null)).toBe(0);
    expect(arena.activate('tanh', z, 4, f, null, d)).toBe(0);
  });
});

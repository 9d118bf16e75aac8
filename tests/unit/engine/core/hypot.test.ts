import { describe, expect, it } from 'vitest';
import { hypot, pushAll } from '../../../../native-workers/engine/core/hypot';
import { Rng } from '../../../../native-workers/engine/core/random';

describe('hypot and pushAll (no spread of unbounded arrays)', () => {
  it('is bit-identical to Math.hypot on small arrays of every scale', () => {
    const rng = new Rng(3);
    for (let trial = 0; trial < 2000; trial++) {
      const n = 1 + (trial % 40);
      const scale = 10 ** (Math.floor(trial / 40) % 40 - 20);
      const v = Array.from({ length: n }, () => rng.normal() * scale);
      expect(hypot(v)).toBe(Math.hypot(...v));
    }
    for (const v of [[], [0, 0], [3, 4], [-0], [1e308, 1e308], [1e-320, 1e-320], [Infinity, NaN], [NaN, 1], [-Infinity]])
      expect(Object.is(hypot(v), Math.hypot(...v))).toBe(true);
  });

  it('handles arrays far beyond what a spread call accepts', () => {
    const big = new Float64Array(3_000_000).fill(2);
    expect(() => Math.hypot(...big)).toThrow(RangeError);
    expect(hypot(big)).toBeCloseTo(2 * Math.sqrt(3_000_000), 6);
    const target: number[] = [];
    pushAll(target, big);
    expect(target.length).toBe(3_000_000);
    pushAll(target, new Set([7, 8]));
    expect(target.slice(-2)).toEqual([7, 8]);
  });
});

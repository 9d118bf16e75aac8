import { describe, expect, it } from 'vitest';
import { Rng, RngError, splitMix64 } from '../../../../native-workers/engine/core/random';

describe('Rng', () => {
  it('implements SplitMix64 (reference vector for seed 1234567)', () => {
    expect(splitMix64(1234567n, 5)).toEqual([
      6457827717110365317n,
      3203168211198807973n,
      9817491932198370423n,
      4593380528125082431n,
      16408922859458223821n,
    ]);
  });

  it('implements xoshiro128** (reference vector for state [1, 2, 3, 4])', () => {
    const rng = Rng.fromState([1, 2, 3, 4]);
    const out = Array.from({ length: 10 }, () => rng.nextUint32());
    expect(out).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849, 3729100597, 4258142804]);
  });

  it('seeds the state from two SplitMix64 outputs (low word first)', () => {
    const [a, b] = splitMix64(42n, 2) as [bigint, bigint];
    const words = [a & 0xffffffffn, a >> 32n, b & 0xffffffffn, b >> 32n].map(Number) as [number, number, number, number];
    const seeded = new Rng(42);
    const manual = Rng.fromState(words);
    for (let i = 0; i < 20; i++) expect(seeded.nextUint32()).toBe(manual.nextUint32());
  });

  it('pins the first outputs (golden values)', () => {
    const g = new Rng(0);
    expect([g.nextUint32(), g.nextUint32(), g.nextUint32(), g.nextUint32()]).toEqual([3737715805, 2584255861, 2876756834, 3286328325]);
    expect(g.uniform()).toBe(0.3616586206733957);
    expect(g.normal()).toBe(1.36837349972585);
    expect(g.normal()).toBe(0.6190954412040672);
    const h = new Rng(42);
    expect([h.uniform(), h.uniform(), h.uniform()]).toEqual([0.4137016681565887, 0.003983993377814743, 0.6500837027638867]);
    const f = new Rng(42).fork(1);
    expect([f.nextUint32(), f.nextUint32(), f.nextUint32()]).toEqual([2055363401, 3819917659, 3498367068]);
  });

  it('uniform() uses 53 bits: the top 27 + 26 bits of two outputs', () => {
    const a = new Rng(5);
    const b = new Rng(5);
    for (let i = 0; i < 1000; i++) {
      const u = a.uniform();
      const hi = b.nextUint32() >>> 5;
      const lo = b.nextUint32() >>> 6;
      expect(u).toBe((hi * 2 ** 26 + lo) / 2 ** 53);
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
    }
  });

  it('normal() follows the polar method and has unit variance', () => {
    const a = new Rng(8);
    const b = new Rng(8);
    // polar method written out independently
    for (let pair = 0; pair < 100; pair++) {
      let u: number, v: number, s: number;
      do {
        u = 2 * b.uniform() - 1;
        v = 2 * b.uniform() - 1;
        s = u * u + v * v;
      } while (s >= 1 || s === 0);
      const f = Math.sqrt((-2 * Math.log(s)) / s);
      expect(a.normal()).toBe(u * f);
      expect(a.normal()).toBe(v * f);
    }
    const rng = new Rng(13);
    const N = 200_000;
    let m1 = 0, m2 = 0, m4 = 0;
    for (let i = 0; i < N; i++) {
      const x = rng.normal();
      m1 += x;
      m2 += x * x;
      m4 += x ** 4;
    }
    expect(Math.abs(m1 / N)).toBeLessThan(0.01);
    expect(Math.abs(m2 / N - 1)).toBeLessThan(0.015);
    expect(Math.abs(m4 / N - 3)).toBeLessThan(0.1);
  });

  it('fork(stream) gives reproducible, distinct streams independent of the parent position', () => {
    const parent = new Rng(77);
    const first = parent.fork(3);
    for (let i = 0; i < 50; i++) parent.uniform();
    const later = parent.fork(3);
    for (let i = 0; i < 20; i++) expect(first.nextUint32()).toBe(later.nextUint32());
    const draws = (r: Rng): number[] => Array.from({ length: 8 }, () => r.nextUint32());
    const s0 = draws(new Rng(77).fork(0));
    const s1 = draws(new Rng(77).fork(1));
    const root = draws(new Rng(77));
    const other = draws(new Rng(78).fork(0));
    expect(s0).not.toEqual(s1);
    expect(s0).not.toEqual(root);
    expect(s0).not.toEqual(other);
    // forks of forks are deterministic too
    expect(draws(new Rng(1).fork(2).fork(3))).toEqual(draws(new Rng(1).fork(2).fork(3)));
  });

  it('different seeds give different streams; negative and bigint seeds are read modulo 2^64', () => {
    expect(new Rng(1).nextUint32()).not.toBe(new Rng(2).nextUint32());
    expect(new Rng(-1).nextUint32()).toBe(new Rng(2n ** 64n - 1n).nextUint32());
  });

  it('rejects invalid seeds, streams and states', () => {
    expect(() => new Rng(1.5)).toThrow(RngError);
    expect(() => new Rng(Number.NaN)).toThrow(/safe integer/);
    expect(() => new Rng(2 ** 60)).toThrow(RngError);
    expect(() => new Rng(0).fork(-1)).toThrow(/stream/);
    expect(() => Rng.fromState([0, 0, 0, 0])).toThrow(/all zero/);
  });
});

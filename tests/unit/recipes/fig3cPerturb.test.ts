/**
 * The fig3c noise floor's perturbations (scripts/fig3cPerturb.ts). Truths: the IEEE-754 spacing
 * of doubles (ulp(x) = 2^(⌊log₂|x|⌋ − 52) for normal x, 2^−1074 below), and a permutation being
 * a bijection that moves whole samples (input row and target together).
 */
import { describe, expect, it } from 'vitest';
import { permuteSamples, seededPermutation, ulpAway } from '../../../scripts/fig3cPerturb';
import { Rng, teacherDataset } from '../../../native-workers/engine';

describe('ulpAway', () => {
  it('moves |x| up by exactly one ulp, keeping the sign', () => {
    expect(ulpAway(1)).toBe(1 + 2 ** -52);
    expect(ulpAway(-1.5)).toBe(-(1.5 + 2 ** -52));
    expect(ulpAway(0)).toBe(Number.MIN_VALUE);
    expect(ulpAway(2 ** -1074)).toBe(2 ** -1073);
    expect(ulpAway(2 - 2 ** -52)).toBe(2); // crosses the binade
    const rng = new Rng(7);
    for (let i = 0; i < 1000; i++) {
      const x = rng.normal() * 10 ** Math.floor(rng.uniform() * 20 - 10);
      const ulp = 2 ** (Math.floor(Math.log2(Math.abs(x))) - 52);
      expect(ulpAway(x) - x).toBe(Math.sign(x) * ulp);
    }
  });
});

describe('seededPermutation / permuteSamples', () => {
  it('is a seeded bijection of 0..n−1 that is not the identity', () => {
    const p = seededPermutation(1600, 20261203);
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 1600 }, (_, i) => i));
    expect(seededPermutation(1600, 20261203)).toEqual(p);
    expect(p.filter((v, i) => v === i).length).toBeLessThan(10); // a random permutation fixes ~1 point
  });

  it('moves each sample whole: row `to` of the result is row order[to] of the fig3c data', () => {
    const d = teacherDataset('fig3c', { samples: 1600, dataSeed: 0 });
    const order = seededPermutation(d.count, 3);
    const q = permuteSamples(d, order);
    expect([q.count, q.inputDim, q.outputDim]).toEqual([d.count, d.inputDim, d.outputDim]);
    for (let to = 0; to < d.count; to++) {
      const from = order[to];
      expect(Array.from(q.X.subarray(2 * to, 2 * to + 2))).toEqual(Array.from(d.X.subarray(2 * from, 2 * from + 2)));
      expect(q.Y[to]).toBe(d.Y[from]);
    }
  });
});

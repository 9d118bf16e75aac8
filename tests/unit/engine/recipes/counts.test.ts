import { describe, expect, it } from 'vitest';
import { bellNumbers, binomialBig, countG, countGroups, countT, firstRhoBelowOne, saddleToMinimumRatio, simsekDimensionBound } from '../../../../native-workers/engine/recipes';

/** All set partitions of m labelled slots as restricted growth strings (brute force, m ≤ 8). */
function partitions(m: number): number[][] {
  const out: number[][] = [];
  const rec = (prefix: number[], max: number) => {
    if (prefix.length === m) return void out.push([...prefix]);
    for (let b = 0; b <= max + 1; b++) rec([...prefix, b], Math.max(max, b));
  };
  if (m === 0) return [[]];
  rec([0], 0);
  return out;
}
const blocks = (p: number[]) => (p.length ? Math.max(...p) + 1 : 0);
const fallingFactorial = (b: number, r: number) => {
  let v = 1;
  for (let i = 0; i < r; i++) v *= b - i;
  return v;
};

describe('App. D counts (eqs. 18–20)', () => {
  it('Bell numbers by the triangle match the textbook values and eq. 19\'s g(u)', () => {
    expect(bellNumbers(8).map(Number)).toEqual([1, 1, 2, 5, 15, 52, 203, 877, 4140]);
    for (let u = 1; u <= 12; u++) expect(countGroups(u)).toBe(bellNumbers(u)[u]);
  });

  it('G(r, m) counts surjections of m slots onto r neurons (brute force over partitions)', () => {
    for (let m = 1; m <= 7; m++)
      for (let r = 1; r <= m; r++) {
        // surjections = partitions into exactly r blocks × r! labellings
        const brute = partitions(m).filter((p) => blocks(p) === r).length * fallingFactorial(r, r);
        expect(Number(countG(r, m))).toBe(brute);
      }
    expect(countG(4, 4)).toBe(24n);
    expect(countG(4, 5)).toBe(240n);
    expect(countG(3, 2)).toBe(0n);
  });

  it('T(r, m): hand values and a brute-force count (r labelled blocks, the rest zero-type groups)', () => {
    expect(countT(4, 4)).toBe(24n);
    expect(countT(4, 5)).toBe(360n);
    // 24·S(6,4) + 6·G(4,5)·B1 + 15·G(4,4)·B2 = 1560 + 1440 + 720
    expect(countT(4, 6)).toBe(3720n);
    for (let m = 2; m <= 8; m++)
      for (let r = 1; r <= m; r++) {
        const brute = partitions(m).reduce((acc, p) => acc + (blocks(p) >= r ? fallingFactorial(blocks(p), r) : 0), 0);
        expect(Number(countT(r, m))).toBe(brute);
      }
  });

  it('R(r*, m) is exact: R(4,4) = 51/24, and falls below 1 as ρ grows', () => {
    const r44 = saddleToMinimumRatio(4, 4);
    expect(r44.numerator).toBe(51n);
    expect(r44.denominator).toBe(24n);
    expect(r44.value).toBeCloseTo(51 / 24, 14);
    const r45 = saddleToMinimumRatio(4, 5);
    expect(r45.numerator).toBe(countG(3, 5) + countG(2, 5) + countG(1, 5));
    expect(r45.value).toBeCloseTo((150 + 30 + 1) / 360, 14);
    const first = firstRhoBelowOne(4);
    expect(first).not.toBeNull();
    expect(saddleToMinimumRatio(4, first!.m).value).toBeLessThan(1);
    expect(saddleToMinimumRatio(4, first!.m - 1).value).toBeGreaterThanOrEqual(1);
  });

  it('handles r = 50 exactly (BigInt) with a finite log ratio', () => {
    const r = saddleToMinimumRatio(50, 200);
    expect(Number.isFinite(r.log10)).toBe(true);
    expect(r.denominator > r.numerator).toBe(true);
  });

  it('binomials, the Simsek bound, and clear errors for bad input', () => {
    expect(binomialBig(21, 12)).toBe(293930n);
    expect(simsekDimensionBound(2, 1, 7, 4)).toBe(3);
    expect(() => countT(4, 3)).toThrow(/m must be an integer ≥ 4/);
    expect(() => countG(1.5, 3)).toThrow(/r must be an integer/);
  });
});

/**
 * eigh's exact deflation of zero rows (linalg/zeroRows.ts): matrices with a known spectrum
 * embedded among zero rows and columns (as a ReLU Hessian with dead units), checked against that
 * spectrum and by residual and orthogonality, on both backends, at the boundaries (n = 1, all
 * zero, one row left, the SIMD threshold n = 24, fewer zero rows than the 1/16 cut-off).
 */
import { describe, expect, it } from 'vitest';
import { eigh } from '../../../../native-workers/engine/linalg/eigh';
import { compactUpper, expandZeroRows, keptRows } from '../../../../native-workers/engine/linalg/zeroRows';
import { Rng } from '../../../../native-workers/engine/core/random';
import { eigenpairResidual, randomOrthogonal } from '../../helpers/randomSymmetric';


/**
 * n×n with B = Σ λₖ qₖqₖᵀ (exactly symmetric) on the rows/columns `kept` and zeros elsewhere;
 * its eigenvalues are λ and n − m zeros.
 */
function embedded(n: number, kept: number[], lambda: number[], seed: number): Float64Array {
  const m = kept.length;
  const Q = randomOrthogonal(m, new Rng(seed));
  const A = new Float64Array(n * n);
  for (let p = 0; p < m; p++)
    for (let q = p; q < m; q++) {
      let s = 0;
      for (let k = 0; k < m; k++) s += lambda[k] * Q[k * m + p] * Q[k * m + q];
      A[kept[p] * n + kept[q]] = s;
      A[kept[q] * n + kept[p]] = s;
    }
  return A;
}

/** Eigenvalues within 1e-13·‖A‖ of the known ones, ‖A·v − λ·v‖₂ ≤ 1e-13·‖A‖, |VVᵀ − I| ≤ 1e-13. */
function expectExact(A: Float64Array, n: number, expected: number[], backend: 'simd' | 'scalar'): void {
  const copy = A.slice();
  const { values, vectors } = eigh(A, n, { backend, splitZeroRows: true });
  expect(A).toEqual(copy);
  const truth = [...expected].sort((a, b) => a - b);
  const norm = Math.max(...truth.map(Math.abs), Number.MIN_VALUE);
  expect(values.length).toBe(n);
  for (let k = 0; k < n; k++) expect(Math.abs(values[k] - truth[k])).toBeLessThanOrEqual(1e-13 * norm);
  const V = vectors!;
  for (let k = 0; k < n; k++) expect(eigenpairResidual(A, n, values, V, k)).toBeLessThanOrEqual(1e-13 * norm);
  for (let a = 0; a < n; a++)
    for (let b = a; b < n; b++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += V[a * n + j] * V[b * n + j];
      expect(Math.abs(s - (a === b ? 1 : 0))).toBeLessThanOrEqual(1e-13);
    }
  const valuesOnly = eigh(A, n, { vectors: false, backend, splitZeroRows: true }).values;
  for (let k = 0; k < n; k++) expect(Math.abs(valuesOnly[k] - truth[k])).toBeLessThanOrEqual(1e-13 * norm);
}

/** `count` distinct indices of 0…n−1 that are dropped (zero rows), the rest kept, ascending. */
function split(n: number, count: number, rng: Rng, forced: number[] = []): number[] {
  const zero = new Set(forced);
  while (zero.size < count) zero.add(Math.floor(rng.uniform() * n));
  return Array.from({ length: n }, (_, i) => i).filter((i) => !zero.has(i));
}

function spectrum(m: number, rng: Rng): number[] {
  return Array.from({ length: m }, () => rng.normal());
}

describe('eigh with exactly zero rows', () => {
  for (const backend of ['simd', 'scalar'] as const) {
    it(`${backend}: a random spectrum among 20 of 201 zero rows (first and last included)`, () => {
      const rng = new Rng(11);
      const kept = split(201, 20, rng, [0, 200]);
      const lambda = spectrum(kept.length, rng);
      expectExact(embedded(201, kept, lambda, 12), 201, [...lambda, ...new Array(20).fill(0)], backend);
    });

    it(`${backend}: ties — zero and repeated eigenvalues of the kept block mixed with the zero rows (n = 120)`, () => {
      const rng = new Rng(21);
      const kept = split(120, 30, rng);
      // 90 kept: 15 exact zeros, 25 × 1.5, 25 × −0.75, a cluster 2 + k·1e-12, and the rest random
      const lambda = [
        ...new Array(15).fill(0),
        ...new Array(25).fill(1.5),
        ...new Array(25).fill(-0.75),
        ...Array.from({ length: 10 }, (_, k) => 2 + k * 1e-12),
        ...spectrum(15, rng),
      ];
      expectExact(embedded(120, kept, lambda, 22), 120, [...lambda, ...new Array(30).fill(0)], backend);
    });

    it(`${backend}: boundaries — n = 1, all zero, one row left, n = 24, fewer zero rows than n/16`, () => {
      const rng = new Rng(31);
      expectExact(new Float64Array([0]), 1, [0], backend);
      expectExact(new Float64Array([-3]), 1, [-3], backend);
      expectExact(new Float64Array(25), 5, [0, 0, 0, 0, 0], backend);
      const one = split(30, 29, rng);
      expectExact(embedded(30, one, [4], 32), 30, [4, ...new Array(29).fill(0)], backend);
      const at24 = split(24, 8, rng);
      const l24 = spectrum(16, rng);
      expectExact(embedded(24, at24, l24, 33), 24, [...l24, ...new Array(8).fill(0)], backend);
      // 3 of 100 zero rows: below the cut-off, the full matrix is solved
      const few = split(100, 3, rng);
      const lFew = spectrum(97, rng);
      expectExact(embedded(100, few, lFew, 34), 100, [...lFew, 0, 0, 0], backend);
    });
  }

  it('the deflated eigenvectors of the zero rows are the unit vectors eᵢ', () => {
    const rng = new Rng(41);
    const n = 64;
    const kept = split(n, 16, rng);
    const lambda = Array.from({ length: kept.length }, (_, k) => 1 + k); // positive: zeros come first
    const { values, vectors } = eigh(embedded(n, kept, lambda, 42), n, { splitZeroRows: true });
    const zeroRows = Array.from({ length: n }, (_, i) => i).filter((i) => !kept.includes(i));
    for (let f = 0; f < 16; f++) {
      expect(values[f]).toBe(0);
      const row = Array.from(vectors!.subarray(f * n, (f + 1) * n));
      expect(row[zeroRows[f]]).toBe(1);
      expect(row.reduce((s, x) => s + Math.abs(x), 0)).toBe(1);
    }
  });

  it('the cut-off: 10 of 160 zero rows are split off (exact eᵢ), 9 are solved with the rest (still exact to 1e-13)', () => {
    const rng = new Rng(61);
    const n = 160;
    for (const count of [9, 10]) {
      const kept = split(n, count, rng);
      const lambda = Array.from({ length: kept.length }, () => 1 + rng.uniform()); // positive: zeros come first
      const A = embedded(n, kept, lambda, 62 + count);
      expectExact(A, n, [...lambda, ...new Array(count).fill(0)], 'simd');
      const { vectors } = eigh(A, n, { splitZeroRows: true });
      const unit = (f: number): boolean => vectors!.subarray(f * n, (f + 1) * n).every((x) => x === 0 || x === 1 || x === -1);
      const units = Array.from({ length: count }, (_, f) => unit(f));
      if (count === 10) expect(units.every(Boolean)).toBe(true);
      else expect(units.some((u) => !u)).toBe(true); // mixed by the Householder reduction
    }
  });

  it('off by default: the zero rows are solved with the rest (not exact unit vectors), eigenpairs still exact to 1e-13', () => {
    const rng = new Rng(63);
    const n = 160;
    const kept = split(n, 20, rng);
    const lambda = Array.from({ length: kept.length }, () => 1 + rng.uniform());
    const A = embedded(n, kept, lambda, 64);
    const { values, vectors } = eigh(A, n);
    const unit = (f: number): boolean => vectors!.subarray(f * n, (f + 1) * n).every((x) => x === 0 || x === 1 || x === -1);
    expect(Array.from({ length: 20 }, (_, f) => unit(f)).some((u) => !u)).toBe(true);
    for (let k = 0; k < 20; k++) expect(Math.abs(values[k])).toBeLessThanOrEqual(1e-13 * 2);
  });

  it('compactUpper and expandZeroRows against naive loops', () => {
    const rng = new Rng(51);
    const n = 37;
    const nonzero = new Uint8Array(n).map(() => (rng.uniform() < 0.7 ? 1 : 0));
    const kept = keptRows(nonzero, n);
    expect(Array.from(kept)).toEqual(Array.from({ length: n }, (_, i) => i).filter((i) => nonzero[i] === 1));
    const W = Float64Array.from({ length: n * n }, () => rng.normal());
    const naive = new Float64Array(kept.length * kept.length);
    const m = kept.length;
    for (let p = 0; p < m; p++) for (let q = p; q < m; q++) naive[p * m + q] = W[kept[p] * n + kept[q]];
    compactUpper(W, n, kept);
    for (let p = 0; p < m; p++) for (let q = p; q < m; q++) expect(W[p * m + q]).toBe(naive[p * m + q]);
    // expand: reduced values −1, 0.5, … with vectors = rows of a permutation-free identity
    const d = Float64Array.from({ length: m }, (_, k) => k - 1);
    const X = new Float64Array(m * m);
    for (let k = 0; k < m; k++) X[k * m + k] = 1;
    const { values, vectors } = expandZeroRows(d, X, n, kept);
    const zeros = n - m;
    expect(Array.from(values)).toEqual([-1, ...new Array(zeros).fill(0), ...Array.from({ length: m - 1 }, (_, k) => k)]);
    // the first value's vector is e at kept[0]; the zeros' vectors are e at the zero rows
    expect(vectors![kept[0]]).toBe(1);
    const zeroRows = Array.from({ length: n }, (_, i) => i).filter((i) => nonzero[i] === 0);
    for (let b = 0; b < zeros; b++) expect(vectors![(1 + b) * n + zeroRows[b]]).toBe(1);
  });
});

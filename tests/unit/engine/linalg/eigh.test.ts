import { describe, expect, it } from 'vitest';
import { eigh, EighError } from '../../../../native-workers/engine/linalg/eigh';
import { Rng } from '../../../../native-workers/engine/core/random';
import { randomSymmetric } from '../../helpers/randomSymmetric';


/** Random orthogonal matrix (rows orthonormal) by twice-repeated Gram–Schmidt, independent of eigh. */
function randomOrthogonal(n: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  const Q = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const v = Float64Array.from({ length: n }, () => rng.normal());
    for (let pass = 0; pass < 2; pass++)
      for (let j = 0; j < k; j++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += Q[j * n + i] * v[i];
        for (let i = 0; i < n; i++) v[i] -= s * Q[j * n + i];
      }
    const norm = Math.hypot(...v);
    for (let i = 0; i < n; i++) Q[k * n + i] = v[i] / norm;
  }
  return Q;
}

/** Σ_k λ_k q_k q_kᵀ for the rows q_k of Q. */
function fromSpectrum(Q: Float64Array, lambda: number[]): Float64Array {
  const n = lambda.length;
  const A = new Float64Array(n * n);
  for (let k = 0; k < n; k++)
    for (let i = 0; i < n; i++) {
      const a = lambda[k] * Q[k * n + i];
      for (let j = 0; j < n; j++) A[i * n + j] += a * Q[k * n + j];
    }
  // exact symmetry
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) A[i * n + j] = A[j * n + i];
  return A;
}

function maxAbs(A: Float64Array): number {
  let m = 0;
  for (const x of A) m = Math.max(m, Math.abs(x));
  return m;
}

/** Max residual ‖A v_k − λ_k v_k‖∞ and max |V Vᵀ − I|. */
function quality(A: Float64Array, n: number, values: Float64Array, V: Float64Array): { residual: number; orthogonality: number } {
  let residual = 0;
  let orthogonality = 0;
  for (let k = 0; k < n; k++)
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += A[i * n + j] * V[k * n + j];
      residual = Math.max(residual, Math.abs(s - values[k] * V[k * n + i]));
    }
  for (let a = 0; a < n; a++)
    for (let b = a; b < n; b++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += V[a * n + j] * V[b * n + j];
      orthogonality = Math.max(orthogonality, Math.abs(s - (a === b ? 1 : 0)));
    }
  return { residual, orthogonality };
}

function expectGoodDecomposition(A: Float64Array, n: number): Float64Array {
  const copy = A.slice();
  const { values, vectors } = eigh(A, n);
  expect(A).toEqual(copy); // input untouched
  expect(values.length).toBe(n);
  expect(vectors?.length).toBe(n * n);
  for (let k = 1; k < n; k++) expect(values[k]).toBeGreaterThanOrEqual(values[k - 1]);
  const norm = Math.max(maxAbs(A), Number.MIN_VALUE) * n; // ≥ ‖A‖₂
  const { residual, orthogonality } = quality(A, n, values, vectors!);
  expect(residual).toBeLessThanOrEqual(1e-10 * norm);
  expect(orthogonality).toBeLessThanOrEqual(1e-12);
  const valuesOnly = eigh(A, n, { vectors: false });
  expect(valuesOnly.vectors).toBeUndefined();
  for (let k = 0; k < n; k++) expect(Math.abs(valuesOnly.values[k] - values[k])).toBeLessThanOrEqual(1e-12 * norm);
  return values;
}

describe('eigh', () => {
  it.each([1, 2, 3, 5, 17, 24, 25, 26, 49, 50, 81, 130, 201])('decomposes a random symmetric matrix of order %i', (n) => {
    expectGoodDecomposition(randomSymmetric(n, 100 + n), n);
  });

  it('handles the blocked paths for large n (520×520)', () => {
    const n = 520;
    const lambda = Array.from({ length: n }, (_, k) => Math.sin(k) * 3);
    const A = fromSpectrum(randomOrthogonal(n, 9), lambda);
    const { values, vectors } = eigh(A, n);
    const sorted = [...lambda].sort((a, b) => a - b);
    for (let k = 0; k < n; k++) expect(Math.abs(values[k] - sorted[k])).toBeLessThan(1e-12);
    // residuals of a few vectors
    for (const k of [0, 1, 260, 519]) {
      let worst = 0;
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += A[i * n + j] * vectors![k * n + j];
        worst = Math.max(worst, Math.abs(s - values[k] * vectors![k * n + i]));
      }
      expect(worst).toBeLessThan(1e-12);
    }
  });

  it('matches the 1×1 and 2×2 closed forms', () => {
    const one = eigh(Float64Array.of(-2.5), 1);
    expect(Array.from(one.values)).toEqual([-2.5]);
    expect(Array.from(one.vectors!)).toEqual([1]);
    const [a, b, c] = [0.3, -1.7, 2.2];
    const two = eigh(Float64Array.of(a, b, b, c), 2);
    const mid = (a + c) / 2;
    const rad = Math.hypot((a - c) / 2, b);
    expect(two.values[0]).toBeCloseTo(mid - rad, 14);
    expect(two.values[1]).toBeCloseTo(mid + rad, 14);
    const v = two.vectors!;
    expect(Math.abs(a * v[0] + b * v[1] - two.values[0] * v[0])).toBeLessThan(1e-15);
    expect(Math.abs(v[0] * v[2] + v[1] * v[3])).toBeLessThan(1e-15);
  });

  it('returns empty results for n = 0', () => {
    const r = eigh(new Float64Array(0), 0);
    expect(r.values.length).toBe(0);
    expect(r.vectors!.length).toBe(0);
  });

  it.each([10, 60, 150])('reproduces the spectrum of the tridiagonal Toeplitz matrix (n = %i)', (n) => {
    // tridiag(1, 0, 1): λ_k = 2cos(kπ/(n+1)), v_k[j] ∝ sin(jkπ/(n+1)), k, j = 1…n.
    const A = new Float64Array(n * n);
    for (let i = 0; i + 1 < n; i++) {
      A[i * n + i + 1] = 1;
      A[(i + 1) * n + i] = 1;
    }
    const { values, vectors } = eigh(A, n);
    const h = Math.PI / (n + 1);
    for (let k = 1; k <= n; k++) {
      const idx = n - k; // ascending order: k = n is the smallest
      expect(Math.abs(values[idx] - 2 * Math.cos(k * h))).toBeLessThan(1e-13);
      const exact = Array.from({ length: n }, (_, j) => Math.sin((j + 1) * k * h) * Math.sqrt(2 / (n + 1)));
      let dot = 0;
      for (let j = 0; j < n; j++) dot += exact[j] * vectors![idx * n + j];
      expect(Math.abs(Math.abs(dot) - 1)).toBeLessThan(1e-12);
    }
  });

  it('resolves repeated eigenvalues with an orthonormal basis of each eigenspace', () => {
    const n = 120;
    // multiplicities 60 (zero, like a Hessian's flat directions), 30, 20, 10
    const lambda = Array.from({ length: n }, (_, k) => (k < 60 ? 0 : k < 90 ? -1.5 : k < 110 ? 2 : 7));
    const A = fromSpectrum(randomOrthogonal(n, 3), lambda);
    const values = expectGoodDecomposition(A, n);
    const sorted = [...lambda].sort((a, b) => a - b);
    for (let k = 0; k < n; k++) expect(Math.abs(values[k] - sorted[k])).toBeLessThan(1e-13);
  });

  it('handles diagonal, zero, identity and rank-one matrices exactly', () => {
    const n = 40;
    const diag = new Float64Array(n * n);
    for (let i = 0; i < n; i++) diag[i * n + i] = i % 3;
    const v = expectGoodDecomposition(diag, n);
    expect(Array.from(v)).toEqual(Array.from({ length: n }, (_, i) => i % 3).sort((a, b) => a - b));
    expect(Array.from(eigh(new Float64Array(n * n), n).values)).toEqual(new Array(n).fill(0));
    const eye = new Float64Array(n * n);
    for (let i = 0; i < n; i++) eye[i * n + i] = 1;
    expect(Array.from(expectGoodDecomposition(eye, n))).toEqual(new Array(n).fill(1));
    // all-ones matrix J: eigenvalues 0 (n−1 times) and n
    const J = new Float64Array(n * n).fill(1);
    const vj = expectGoodDecomposition(J, n);
    expect(vj[n - 1]).toBeCloseTo(n, 12);
    for (let k = 0; k < n - 1; k++) expect(Math.abs(vj[k])).toBeLessThan(1e-13);
  });

  it('keeps eigenvectors orthogonal for the Wilkinson matrix W21+ (pairs agreeing to 1e-14)', () => {
    const n = 21;
    const A = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      A[i * n + i] = Math.abs(10 - i);
      if (i + 1 < n) A[i * n + i + 1] = A[(i + 1) * n + i] = 1;
    }
    const values = expectGoodDecomposition(A, n);
    expect(values[n - 1]).toBeCloseTo(10.746194182903393, 12);
    expect(values[n - 2]).toBeCloseTo(10.746194182903322, 12);
  });

  it('keeps eigenvectors orthogonal for a tight cluster (spacing 1e-13)', () => {
    const n = 90;
    const lambda = Array.from({ length: n }, (_, k) => (k < 45 ? 1 + k * 1e-13 : k));
    const A = fromSpectrum(randomOrthogonal(n, 5), lambda);
    expectGoodDecomposition(A, n);
  });

  it('is scale invariant far from 1 (‖A‖ ≈ 1e±280)', () => {
    const n = 30;
    const base = randomSymmetric(n, 7);
    const ref = eigh(base, n).values;
    for (const scale of [1e280, 1e-280]) {
      const A = base.map((x) => x * scale);
      const { values, vectors } = eigh(A, n);
      for (let k = 0; k < n; k++) expect(Math.abs(values[k] / scale - ref[k])).toBeLessThan(1e-12 * maxAbs(base) * n);
      expect(quality(base, n, ref, vectors!).orthogonality).toBeLessThan(1e-12);
    }
  });

  it('uses the symmetric part (A + Aᵀ)/2 of a slightly asymmetric input', () => {
    const n = 12;
    const S = randomSymmetric(n, 11);
    const A = S.slice();
    const rng = new Rng(12);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        const t = 1e-9 * rng.normal();
        A[i * n + j] += t;
        A[j * n + i] -= t;
      }
    const a = eigh(A, n).values;
    const s = eigh(S, n).values;
    for (let k = 0; k < n; k++) expect(Math.abs(a[k] - s[k])).toBeLessThan(1e-13);
  });

  it('rejects non-finite entries and wrong sizes', () => {
    const A = randomSymmetric(4, 1);
    A[5] = Number.NaN;
    expect(() => eigh(A, 4)).toThrow(EighError);
    expect(() => eigh(A, 4)).toThrow(/A\[1\]\[1\]/);
    // +∞ against −∞ averages to NaN; huge finite entries are fine
    const B = randomSymmetric(5, 2);
    B[1 * 5 + 3] = Number.POSITIVE_INFINITY;
    B[3 * 5 + 1] = Number.NEGATIVE_INFINITY;
    expect(() => eigh(B, 5)).toThrow(/A\[1\]\[3\]/);
    const C = randomSymmetric(5, 3).map((x) => x * 1e307);
    expect(eigh(C, 5).values.every(Number.isFinite)).toBe(true);
    expect(() => eigh(new Float64Array(8), 3)).toThrow(/expected n² = 9/);
    expect(() => eigh(new Float64Array(4), -1)).toThrow(EighError);
  });
});

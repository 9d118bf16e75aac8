/**
 * The WebAssembly SIMD eigensolver path (wasm/eighKernels.ts) against the plain-TS reference path
 * and against independent truth: naive loops for the kernels, closed-form spectra, residuals and
 * orthogonality for the decompositions.
 */
import { describe, expect, it } from 'vitest';
import { eigh } from '../../../../native-workers/engine/linalg/eigh';
import { eighKernels } from '../../../../native-workers/engine/wasm/eighKernels';
import { Rng } from '../../../../native-workers/engine/core/random';
import { randomOrthogonal, randomSymmetric } from '../../helpers/randomSymmetric';

/** ‖A‖₂ bounded by the max row sum (exact for the closed forms' diagonally dominant cases, an upper bound otherwise). */
function normBound(A: Float64Array, n: number): number {
  let m = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += Math.abs(A[i * n + j]);
    m = Math.max(m, s);
  }
  return Math.max(m, Number.MIN_VALUE);
}

/** max_k ‖A v_k − λ_k v_k‖₂ and max |V Vᵀ − I| (rows of V are the vectors). */
function quality(A: Float64Array, n: number, values: Float64Array, V: Float64Array): { residual: number; orthogonality: number } {
  let residual = 0;
  let orthogonality = 0;
  for (let k = 0; k < n; k++) {
    let r2 = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += A[i * n + j] * V[k * n + j];
      r2 += (s - values[k] * V[k * n + i]) ** 2;
    }
    residual = Math.max(residual, Math.sqrt(r2));
  }
  for (let a = 0; a < n; a++)
    for (let b = a; b < n; b++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += V[a * n + j] * V[b * n + j];
      orthogonality = Math.max(orthogonality, Math.abs(s - (a === b ? 1 : 0)));
    }
  return { residual, orthogonality };
}

/** SIMD result vs the TS reference: eigenvalues within 1e-13·‖A‖, residual ≤ 1e-13·‖A‖·n, ‖VᵀV − I‖ ≤ 1e-13·n. */
function expectMatchesReference(A: Float64Array, n: number): Float64Array {
  const copy = A.slice();
  const simd = eigh(A, n, { backend: 'simd' });
  const ref = eigh(A, n, { backend: 'scalar' });
  expect(A).toEqual(copy);
  expect(simd.backend).toBe('simd');
  expect(ref.backend).toBe('scalar');
  const norm = normBound(A, n);
  let dv = 0;
  for (let k = 0; k < n; k++) dv = Math.max(dv, Math.abs(simd.values[k] - ref.values[k]));
  expect(dv).toBeLessThanOrEqual(1e-13 * norm);
  const { residual, orthogonality } = quality(A, n, simd.values, simd.vectors!);
  expect(residual).toBeLessThanOrEqual(1e-13 * norm * n);
  expect(orthogonality).toBeLessThanOrEqual(1e-13 * Math.max(n, 1));
  const valuesOnly = eigh(A, n, { vectors: false, backend: 'simd' });
  for (let k = 0; k < n; k++) expect(Math.abs(valuesOnly.values[k] - ref.values[k])).toBeLessThanOrEqual(1e-13 * norm);
  return simd.values;
}


/** Qᵀ·diag(λ)·Q, exactly symmetric. */
function fromSpectrum(Q: Float64Array, lambda: readonly number[]): Float64Array {
  const n = lambda.length;
  const A = new Float64Array(n * n);
  for (let k = 0; k < n; k++)
    for (let i = 0; i < n; i++) {
      const a = lambda[k] * Q[k * n + i];
      for (let j = i; j < n; j++) A[i * n + j] += a * Q[k * n + j];
    }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) A[i * n + j] = A[j * n + i];
  return A;
}

/** Dense tridiag(b, a, b): eigenvalues a + 2b·cos(kπ/(n+1)), k = 1…n. */
function toeplitz(n: number, a: number, b: number): { A: Float64Array; lambda: number[] } {
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    A[i * n + i] = a;
    if (i + 1 < n) {
      A[i * n + i + 1] = b;
      A[(i + 1) * n + i] = b;
    }
  }
  const lambda = Array.from({ length: n }, (_, k) => a + 2 * b * Math.cos(((k + 1) * Math.PI) / (n + 1))).sort((x, y) => x - y);
  return { A, lambda };
}

describe('eigh, WebAssembly SIMD kernels', () => {
  it('runs the SIMD path by default from n = 24 (Node has WebAssembly SIMD)', () => {
    expect(eighKernels(16)).not.toBeNull();
    expect(eigh(randomSymmetric(30, 1), 30).backend).toBe('simd');
    expect(eigh(randomSymmetric(10, 1), 10).backend).toBe('scalar');
    expect(eigh(randomSymmetric(30, 1), 30, { backend: 'scalar' }).backend).toBe('scalar');
  });

  it.each([1, 2, 3, 17, 64, 81, 201, 257])('matches the TS reference on a random symmetric matrix of order %i', (n) => {
    expectMatchesReference(randomSymmetric(n, 700 + n), n);
  });

  it('matches the Toeplitz tridiagonal closed form (n = 257), as given and densely rotated (n = 130)', () => {
    for (const [n, rotate] of [
      [257, false],
      [130, true],
    ] as const) {
      const { A: T, lambda } = toeplitz(n, 2, -1);
      const A = rotate ? fromSpectrum(randomOrthogonal(n, new Rng(5)), lambda) : T;
      const values = expectMatchesReference(A, n);
      const norm = normBound(T, n); // = 4 = ‖T‖₂ up to rounding
      for (let k = 0; k < n; k++) expect(Math.abs(values[k] - lambda[k])).toBeLessThanOrEqual((rotate ? 1e-13 * n : 1e-13) * norm);
    }
  });

  it('resolves repeated and clustered eigenvalues (n = 201: multiplicities 60/60/60, a 21-wide cluster at spacing 1e-12)', () => {
    const n = 201;
    const lambda = Array.from({ length: n }, (_, k) => (k < 60 ? -1 : k < 120 ? 0.5 : k < 180 ? 3 : 2 + 1e-12 * (k - 180)));
    const A = fromSpectrum(randomOrthogonal(n, new Rng(11)), lambda);
    const values = expectMatchesReference(A, n);
    const sorted = [...lambda].sort((x, y) => x - y);
    for (let k = 0; k < n; k++) expect(Math.abs(values[k] - sorted[k])).toBeLessThanOrEqual(1e-13 * n * 3);
  });

  it('hands out copies: a later call does not overwrite earlier vectors', () => {
    const n = 64;
    const A = randomSymmetric(n, 3);
    const first = eigh(A, n);
    const saved = first.vectors!.slice();
    eigh(randomSymmetric(n, 4), n);
    expect(first.vectors).toEqual(saved);
  });

  describe('kernels against naive loops', () => {
    function fill(x: Float64Array, rng: Rng): void {
      for (let i = 0; i < x.length; i++) x[i] = rng.normal();
    }

    it('gemmNT: C ← β·C + α·A·Bᵀ on odd shapes, strides and offsets; β = 0 ignores NaN garbage', () => {
      const rng = new Rng(1);
      const k = eighKernels(200_000)!;
      for (const [m, n, p] of [
        [1, 1, 1],
        [4, 2, 2],
        [5, 3, 7],
        [9, 5, 0],
        [13, 97, 3],
        [7, 200, 300],
        [3, 1, 513],
      ] as const) {
        for (const beta of [0, 1] as const) {
          const lda = p + 3;
          const ldb = p + 1;
          const ldc = n + 2;
          const A = k.alloc(2 + m * lda);
          const B = k.alloc(1 + n * ldb);
          const C = k.alloc(3 + m * ldc);
          fill(A, rng);
          fill(B, rng);
          fill(C, rng);
          if (beta === 0) C.fill(NaN);
          const before = C.slice();
          k.gemmNT(m, n, p, -0.75, A, 2, lda, B, 1, ldb, beta, C, 3, ldc);
          for (let i = 0; i < m; i++)
            for (let j = 0; j < n; j++) {
              let s = 0;
              for (let q = 0; q < p; q++) s += A[2 + i * lda + q] * B[1 + j * ldb + q];
              const want = (beta === 1 ? before[3 + i * ldc + j] : 0) - 0.75 * s;
              expect(Math.abs(C[3 + i * ldc + j] - want)).toBeLessThanOrEqual(1e-13 * (1 + Math.abs(want) + p));
            }
          // entries outside the m×n block are untouched
          for (let i = 0; i < m; i++)
            for (let j = n; j < ldc; j++) if (3 + i * ldc + j < C.length) expect(Object.is(C[3 + i * ldc + j], before[3 + i * ldc + j])).toBe(true);
          k.release(0);
        }
      }
    });

    it('symvRows and rank2Symv: y += A·v and the fused rank-2 update from the upper triangle', () => {
      const rng = new Rng(2);
      for (const n of [4, 5, 6, 7, 8, 31, 64]) {
        for (const from of [0, 1, 2, 3]) {
          const k = eighKernels(10 * n * n)!;
          const A = k.alloc(n * n);
          const v = k.alloc(n);
          const w = k.alloc(n);
          const u = k.alloc(n);
          const y = k.alloc(n);
          fill(A, rng);
          fill(v, rng);
          fill(w, rng);
          fill(u, rng);
          fill(y, rng);
          const sym = (i: number, j: number): number => (i <= j ? A[i * n + j] : A[j * n + i]);
          const y0 = y.slice();
          const r = k.symvRows(A, n, from, v, y);
          expect(r).toBeGreaterThanOrEqual(from);
          expect(n - r).toBeLessThan(4);
          if (n - from >= 4) expect(r).toBeGreaterThan(from);
          // rows from…r−1 of the upper triangle: y[c] += Σ over those rows' entries, both ways
          const want = y0.slice();
          for (let i = from; i < r; i++)
            for (let j = i; j < n; j++) {
              want[i] += sym(i, j) * v[j];
              if (j > i) want[j] += sym(i, j) * v[i];
            }
          for (let c = 0; c < n; c++) expect(Math.abs(y[c] - want[c])).toBeLessThanOrEqual(1e-13 * n);

          const A0 = A.slice();
          const p0 = y.slice();
          expect(k.rank2Symv(A, n, from, v, w, u, y)).toBe(true);
          const pWant = p0.slice();
          for (let i = from; i < n; i++)
            for (let j = i; j < n; j++) {
              const a = A0[i * n + j] - v[i] * w[j] - w[i] * v[j];
              expect(Math.abs(A[i * n + j] - a)).toBeLessThanOrEqual(1e-14 * (1 + Math.abs(a)));
              pWant[i] += a * u[j];
              if (j > i) pWant[j] += a * u[i];
            }
          for (let i = 0; i < from; i++) for (let j = 0; j < n; j++) expect(A[i * n + j]).toBe(A0[i * n + j]);
          for (let c = 0; c < n; c++) expect(Math.abs(y[c] - pWant[c])).toBeLessThanOrEqual(1e-13 * n);
        }
      }
    });

    it('merge loops: secular sums, Löwner products, vector rows, shifts and Givens row pairs', () => {
      const rng = new Rng(3);
      const close = (a: number, b: number, tol = 1e-14): void => expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * (1 + Math.abs(b)));
      for (const K of [1, 2, 3, 8, 33]) {
        const k = eighKernels(8 * K * K + 1000)!;
        const delta = k.alloc(K + 3);
        const z2 = k.alloc(K);
        const d = k.alloc(K + 1);
        const prod = k.alloc(K);
        const out = k.alloc(4);
        fill(delta, rng);
        for (let m = 0; m < K; m++) z2[m] = rng.normal() ** 2;
        for (let m = 0; m <= K; m++) d[m] = m + 0.25 * rng.normal();
        for (const split of [0, Math.floor(K / 2), K]) {
          const tau = 0.1 * rng.normal();
          expect(k.secularSums(delta, 3, z2, K, split, tau, out)).toBe(true);
          const want = [0, 0, 0, 0];
          for (let m = 0; m < K; m++) {
            const r = 1 / (delta[3 + m] - tau);
            const t = z2[m] * r;
            want[m < split ? 0 : 2] += t;
            want[m < split ? 1 : 3] += t * r;
          }
          for (let q = 0; q < 4; q++) close(out[q], want[q], 1e-12);
        }
        for (let j = 0; j < K; j++) {
          fill(prod, rng);
          const before = prod.slice();
          expect(k.lownerRow(prod, delta, 3, d, j, K)).toBe(true);
          for (let m = 0; m < K; m++)
            close(prod[m], before[m] * (m <= j ? -delta[3 + m] / (d[j + 1] - d[m]) : delta[3 + m] / (d[m] - d[j])));
        }
        const zHat = k.alloc(K);
        fill(zHat, rng);
        const row = delta.slice();
        const norm = k.vectorRow(delta, 3, zHat, K);
        let want = 0;
        for (let m = 0; m < K; m++) {
          const u = zHat[m] / row[3 + m];
          close(delta[3 + m], u);
          want += u * u;
        }
        close(norm, want, 1e-13);
        const shifted = k.alloc(K + 2);
        expect(k.shift(shifted, 2, d, 1, 0.375, K)).toBe(true);
        for (let q = 0; q < K; q++) expect(shifted[2 + q]).toBe(d[1 + q] - 0.375);
        // rotations on rows first…last+1 of a 7-row block with row stride ldz, applied last first
        const m = K;
        const ldz = m + 3;
        const Z = k.alloc(8 * ldz);
        const cs = k.alloc(7);
        const ss = k.alloc(7);
        fill(Z, rng);
        for (let i = 0; i < 7; i++) {
          const angle = rng.normal();
          cs[i] = Math.cos(angle);
          ss[i] = Math.sin(angle);
        }
        const Zw = Z.slice();
        for (let i = 5; i >= 1; i--)
          for (let c = 0; c < m; c++) {
            const a = 1 + i * ldz + c;
            const x = Zw[a];
            const y = Zw[a + ldz];
            Zw[a + ldz] = ss[i] * x + cs[i] * y;
            Zw[a] = cs[i] * x - ss[i] * y;
          }
        expect(k.rotateRowPairs(Z, 1, ldz, m, cs, ss, 1, 5)).toBe(true);
        for (let q = 0; q < Z.length; q++) close(Z[q], Zw[q]);
      }
    });
  });
});

/**
 * The support-aware back-transform (linalg/rowSupport.ts + applyQ's `supportEnd`): rows of X with
 * trailing zeros skip the reflector blocks that cannot reach them. Checked against the reflectors
 * applied one by one (independent of the blocked code), bitwise against the full blocked product,
 * and through eigh on spectra where divide and conquer deflates heavily (a low-rank matrix: most
 * eigenvalues are exact ties at 0), on both backends.
 */
import { describe, expect, it } from 'vitest';
import { eigh } from '../../../../native-workers/engine/linalg/eigh';
import { applyQ } from '../../../../native-workers/engine/linalg/applyQ';
import { tridiagonalize } from '../../../../native-workers/engine/linalg/tridiagonalize';
import { tridiagonalEigenDC } from '../../../../native-workers/engine/linalg/divideConquer';
import { gatherRows, rowsBySupport, scatterRows, supportOrder } from '../../../../native-workers/engine/linalg/rowSupport';
import { scalarKernels, type DenseKernels } from '../../../../native-workers/engine/linalg/denseKernels';
import { eighKernels } from '../../../../native-workers/engine/wasm/eighKernels';
import { Rng } from '../../../../native-workers/engine/core/random';
import { eigenpairResidual, randomSymmetric } from '../../helpers/randomSymmetric';

function kernelsFor(backend: 'simd' | 'scalar', n: number): DenseKernels {
  return backend === 'simd' ? eighKernels(6 * n * n + 200 * n + 4096)! : scalarKernels;
}

/** Rows of X with support ends drawn so that many end early (uniform in 0…n), nonzero before. */
function rowsWithSupport(n: number, rng: Rng, kernels: DenseKernels): { X: Float64Array; ends: number[] } {
  const X = kernels.alloc(n * n);
  const ends: number[] = [];
  for (let r = 0; r < n; r++) {
    const end = rng.uniform() < 0.3 ? n : Math.floor(rng.uniform() * (n + 1));
    ends.push(end);
    for (let c = 0; c < end; c++) X[r * n + c] = rng.normal() || 1;
  }
  return { X, ends };
}

/** x ← H₀·H₁·…·H_{n−3}·x for every row, reflector by reflector, from tridiagonalize's W and τ. */
function naiveQ(W: Float64Array, tau: Float64Array, n: number, X: Float64Array): Float64Array {
  const out = X.slice();
  for (let r = 0; r < n; r++) {
    const x = out.subarray(r * n, r * n + n);
    for (let k = n - 3; k >= 0; k--) {
      // vₖ = (0…0, 1 at k+1, W[k][k+2…])
      let s = x[k + 1];
      for (let c = k + 2; c < n; c++) s += W[k * n + c] * x[c];
      s *= tau[k];
      x[k + 1] -= s;
      for (let c = k + 2; c < n; c++) x[c] -= s * W[k * n + c];
    }
  }
  return out;
}

describe('support-aware back-transform', () => {
  for (const backend of ['simd', 'scalar'] as const) {
    it.each([3, 40, 130, 301])(`${backend}: applyQ with supportEnd = reflectors one by one (1e-13), = the full product bitwise (n = %i)`, (n) => {
      const kernels = kernelsFor(backend, n);
      const rng = new Rng(n);
      const W = kernels.alloc(n * n);
      W.set(randomSymmetric(n, n + 7));
      const { tau } = tridiagonalize(W, n, undefined, kernels);
      const W0 = W.slice();
      const { X } = rowsWithSupport(n, rng, kernels);
      const truth = naiveQ(W0, tau, n, X);
      const full = kernels.alloc(n * n);
      full.set(X);
      applyQ(W, tau, n, full, n, undefined, kernels);
      const order = supportOrder(X, n, n);
      const sorted = kernels.alloc(n * n, false);
      gatherRows(X, sorted, order.order, n);
      W.set(W0);
      applyQ(W, tau, n, sorted, n, undefined, kernels, order.supportEnd);
      const result = new Float64Array(n * n);
      scatterRows(sorted, result, order.order, n);
      let scale = 0;
      for (const x of truth) scale = Math.max(scale, Math.abs(x));
      let mismatches = 0;
      let error = 0;
      for (let i = 0; i < n * n; i++) {
        if (!Object.is(result[i], full[i])) mismatches++;
        error = Math.max(error, Math.abs(result[i] - truth[i]));
      }
      expect(mismatches).toBe(0);
      expect(error).toBeLessThanOrEqual(1e-13 * Math.max(scale, 1));
    });
  }

  it('rowsBySupport: stable order by support end (latest first), exact ends, null when it would not pay', () => {
    const n = 200;
    const rng = new Rng(3);
    const { X, ends } = rowsWithSupport(n, rng, scalarKernels);
    const order = rowsBySupport(X, n, n)!; // ~70 % of the rows end early: saves ≈ 23 % > 16/n
    expect(order).not.toBeNull();
    const expected = Array.from({ length: n }, (_, r) => r).sort((a, b) => ends[b] - ends[a] || a - b);
    expect(Array.from(order.order)).toEqual(expected);
    expect(Array.from(order.supportEnd)).toEqual(expected.map((r) => ends[r]));
    // all rows dense but one that ends at n − 1: saves 1/n³ of the work → not worth it
    const dense = Float64Array.from({ length: n * n }, () => 1);
    dense[n - 1] = 0;
    expect(rowsBySupport(dense, n, n)).toBeNull();
    expect(Array.from(supportOrder(dense, n, n).supportEnd.slice(-2))).toEqual([n, n - 1]);
  });

  for (const backend of ['simd', 'scalar'] as const) {
    it(`${backend}: eigh of a rank-60 matrix of order 240 (180 tied zeros; the sorted path runs) to 1e-13·‖A‖`, () => {
      const n = 240;
      const rng = new Rng(77);
      // A = Σ_{k<60} λₖ·gₖgₖᵀ with random g (rank 60): 180 eigenvalues exactly 0 up to rounding
      const G = Float64Array.from({ length: 60 * n }, () => rng.normal() / Math.sqrt(n));
      const lambda = Array.from({ length: 60 }, () => 1 + rng.uniform());
      const A = new Float64Array(n * n);
      for (let k = 0; k < 60; k++)
        for (let i = 0; i < n; i++) for (let j = i; j < n; j++) A[i * n + j] += lambda[k] * G[k * n + i] * G[k * n + j];
      for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) A[i * n + j] = A[j * n + i];
      // the divide-and-conquer output has rows with trailing zeros here, so the sorted path is taken
      const kernels = kernelsFor(backend, n);
      const W = kernels.alloc(n * n);
      W.set(A);
      const { d, e } = tridiagonalize(W, n, undefined, kernels);
      const X = kernels.alloc(n * n);
      tridiagonalEigenDC(d, e, n, X, undefined, kernels);
      expect(rowsBySupport(X, n, n)).not.toBeNull();

      const { values, vectors } = eigh(A, n, { backend });
      let norm = 0;
      for (const v of values) norm = Math.max(norm, Math.abs(v));
      const reference = eigh(A, n, { backend: 'scalar' }).values;
      for (let k = 0; k < n; k++) expect(Math.abs(values[k] - reference[k])).toBeLessThanOrEqual(1e-13 * norm);
      for (let k = 0; k < 180; k++) expect(Math.abs(values[k])).toBeLessThanOrEqual(1e-13 * norm);
      const V = vectors!;
      let residual = 0;
      for (let k = 0; k < n; k++) residual = Math.max(residual, eigenpairResidual(A, n, values, V, k));
      let orthogonality = 0;
      for (let a = 0; a < n; a++)
        for (let b = a; b < n; b++) {
          let s = 0;
          for (let j = 0; j < n; j++) s += V[a * n + j] * V[b * n + j];
          orthogonality = Math.max(orthogonality, Math.abs(s - (a === b ? 1 : 0)));
        }
      expect(residual).toBeLessThanOrEqual(1e-13 * norm);
      expect(orthogonality).toBeLessThanOrEqual(1e-13);
    });
  }
});

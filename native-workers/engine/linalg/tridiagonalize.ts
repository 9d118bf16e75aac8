import { scalarKernels, type DenseKernels } from './denseKernels';

/**
 * Householder reduction of a symmetric matrix to tridiagonal form, T = Qᵀ·A·Q with
 * Q = H₀·H₁·…·H_{n−3}, Hₖ = I − τₖ·vₖ·vₖᵀ acting on indices k+1…n−1 (LAPACK dsytd2, "upper rows"
 * variant: the column below the diagonal is read as the row right of it, which is contiguous in
 * row-major storage).
 *
 * Large trailing blocks are reduced in panels (LAPACK dsytrd/dlatrd): the panel's reflectors are
 * built with lazily corrected rows and one symmetric matrix-vector product per column, and the
 * trailing rank-2k update runs through {@link gemmNT}. The last ≤ 64 rows use the unblocked
 * dsytd2 step, whose rank-2 update A₂₂ ← A₂₂ − v·wᵀ − w·vᵀ is fused with the matrix-vector
 * product A₂₂'·v' of the next step (one pass over the rows per step). Only the upper triangle
 * (j ≥ i) of W is ever read.
 */
export interface TridiagonalForm {
  /** Diagonal, length n. */
  readonly d: Float64Array;
  /** Off-diagonal, length max(n−1, 0): e[i] couples i and i+1. */
  readonly e: Float64Array;
  /** τₖ for k ≤ n−3 (0 when Hₖ = I). */
  readonly tau: Float64Array;
}

/** Trailing sizes above this are reduced in panels; the rest unblocked. */
const CROSSOVER = 64;
const TILE = 32;

/**
 * Reduces W (n×n row-major, symmetric; only the upper triangle is read) in place. Afterwards
 * row k of W holds the reflector vₖ at columns k+2…n−1 (vₖ[k+1] = 1 is implicit); see applyQ.
 */
export function tridiagonalize(
  W: Float64Array,
  n: number,
  onProgress?: (fraction: number) => void,
  kernels: DenseKernels = scalarKernels,
): TridiagonalForm {
  const d = new Float64Array(n);
  const e = new Float64Array(Math.max(n - 1, 0));
  const tau = new Float64Array(n);
  if (n === 0) return { d, e, tau };
  if (n === 1) {
    d[0] = W[0];
    return { d, e, tau };
  }
  let k0 = 0;
  if (n - 1 > CROSSOVER) {
    const mark = kernels.mark();
    const panel = new PanelWork(n, kernels);
    for (; n - k0 - 1 > CROSSOVER; k0 += panel.NB) {
      reducePanel(W, n, k0, d, e, tau, panel);
      // Work left ∝ (trailing size)³: one call per panel, so long reductions are never silent.
      onProgress?.(1 - ((n - k0 - panel.NB) / n) ** 3);
    }
    kernels.release(mark);
  }
  reduceUnblocked(W, n, k0, d, e, tau, kernels);
  return { d, e, tau };
}

class PanelWork {
  /** Panel width: narrow panels keep the O(NB·n²) lazy corrections small; wide ones cut passes for large n. */
  readonly NB: number;
  /** Panel rows: V[j·n + c] = vⱼ[c], Wp[j·n + c] = wⱼ[c] (zero outside c > k0 + j). */
  readonly V: Float64Array;
  readonly Wp: Float64Array;
  /** Transposed panel, one row per index c: L[c·2NB + j] = vⱼ[c], L[c·2NB + NB + j] = wⱼ[c]; R swaps the halves. */
  readonly L: Float64Array;
  readonly R: Float64Array;
  readonly v: Float64Array;
  readonly y: Float64Array;
  readonly t: Float64Array;
  constructor(
    n: number,
    readonly kernels: DenseKernels,
  ) {
    const NB = n >= 500 ? 32 : kernels.kind === 'simd' ? 16 : 8; // SIMD: more of the work in the rank-2k product
    this.NB = NB;
    this.V = kernels.alloc(NB * n);
    this.Wp = kernels.alloc(NB * n);
    this.L = kernels.alloc(n * 2 * NB);
    this.R = kernels.alloc(n * 2 * NB);
    this.v = kernels.alloc(n);
    this.y = kernels.alloc(n);
    this.t = kernels.alloc(2 * NB);
  }
}

/**
 * LAPACK dlatrd + dsyr2k: reduces rows k0…k0+NB−1, keeping the trailing matrix un-updated during
 * the panel (rows are corrected lazily from the panel's V, W), then applies
 * A₂₂ ← A₂₂ − V·Wᵀ − W·Vᵀ once as a matrix product on the upper tiles.
 */
function reducePanel(
  A: Float64Array,
  n: number,
  k0: number,
  d: Float64Array,
  e: Float64Array,
  tau: Float64Array,
  work: PanelWork,
): void {
  const { NB, V, Wp, L, R, v, y, t: tv, kernels } = work;
  const simd = kernels.kind === 'simd';
  const P = 2 * NB;
  L.fill(0, k0 * P, n * P);
  for (let i = 0; i < NB; i++) {
    const k = k0 + i;
    const row = k * n;
    if (i > 0 && simd) {
      // The same as below as one product: row k of R = row k of L with halves swapped (zero for j ≥ i).
      const rk = k * P;
      for (let j = 0; j < NB; j++) {
        R[rk + j] = L[rk + NB + j];
        R[rk + NB + j] = L[rk + j];
      }
      kernels.gemmNT(1, n - k, P, -1, R, rk, P, L, rk, P, 1, A, row + k, n);
    } else if (i > 0) {
      // Row k −= Σⱼ vⱼ[k]·wⱼ + wⱼ[k]·vⱼ: per column c a dot of L's row c with R's row k.
      const rk = k * P;
      for (let c = k; c < n; c++) {
        const lc = c * P;
        let s = 0;
        for (let j = 0; j < i; j++) s += L[lc + j] * L[rk + NB + j] + L[lc + NB + j] * L[rk + j];
        A[row + c] -= s;
      }
    }
    d[k] = A[row + k];
    const t = makeReflector(A, n, k, v, e);
    tau[k] = t;
    const vi = i * n;
    const from = k + 1;
    V.fill(0, vi, vi + from);
    Wp.fill(0, vi, vi + n);
    for (let c = from; c < n; c++) {
      V[vi + c] = v[c];
      L[c * P + i] = v[c];
    }
    if (t === 0) continue;
    y.fill(0, from, n);
    symmetricMatvec(A, n, kernels.symvRows(A, n, from, v, y), v, y);
    if (i > 0 && simd) {
      // As below, as products; tv is zero beyond the i columns so far (L's column i already holds v).
      tv.fill(0);
      kernels.gemmNT(i, 1, n - from, 1, Wp, from, n, v, from, n, 0, tv, 0, 1);
      kernels.gemmNT(i, 1, n - from, 1, V, from, n, v, from, n, 0, tv, NB, 1);
      kernels.gemmNT(n - from, 1, P, -1, L, from * P, P, tv, 0, P, 1, y, from, 1);
    } else if (i > 0) {
      // tv = [Wᵀv | Vᵀv], then y −= V·(Wᵀv) + W·(Vᵀv) = (row c of L)·tv.
      for (let j = 0; j < i; j++) {
        const vj = j * n;
        let s1 = 0;
        let s2 = 0;
        for (let c = from; c < n; c++) {
          const x = v[c];
          s1 += Wp[vj + c] * x;
          s2 += V[vj + c] * x;
        }
        tv[j] = s1;
        tv[NB + j] = s2;
      }
      for (let c = from; c < n; c++) {
        const lc = c * P;
        let s = 0;
        for (let j = 0; j < i; j++) s += L[lc + j] * tv[j] + L[lc + NB + j] * tv[NB + j];
        y[c] -= s;
      }
    }
    let wv = 0;
    for (let c = from; c < n; c++) wv += y[c] * v[c];
    const alpha = -0.5 * t * t * wv;
    for (let c = from; c < n; c++) {
      const w = t * y[c] + alpha * v[c];
      Wp[vi + c] = w;
      L[c * P + NB + i] = w;
    }
  }

  // Trailing update on rows/cols ≥ k1: A −= [V W]·[W V]ᵀ, upper tiles only.
  const k1 = k0 + NB;
  const len = n - k1;
  for (let c = k1; c < n; c++) {
    const lc = c * P;
    for (let j = 0; j < NB; j++) {
      R[lc + j] = L[lc + NB + j];
      R[lc + NB + j] = L[lc + j];
    }
  }
  for (let r0 = 0; r0 < len; r0 += TILE) {
    const m = Math.min(TILE, len - r0);
    const off = (k1 + r0) * P;
    kernels.gemmNT(m, len - r0, P, -1, L, off, P, R, off, P, 1, A, (k1 + r0) * n + k1 + r0, n);
  }
}

/**
 * y[start…n) += A·v over rows start… of the trailing block, reading only its upper triangle: four
 * rows at a time, each entry serves both as A[r][c]·v[c] (row dot) and A[c][r]·v[r] (scatter into
 * y[c]). Rows before `start` were done by the SIMD kernel (or there are none).
 */
function symmetricMatvec(A: Float64Array, n: number, start: number, v: Float64Array, y: Float64Array): void {
  let r = start;
  for (; r + 3 < n; r += 4) {
    const a0 = r * n;
    const a1 = a0 + n;
    const a2 = a1 + n;
    const a3 = a2 + n;
    const v0 = v[r];
    const v1 = v[r + 1];
    const v2 = v[r + 2];
    const v3 = v[r + 3];
    // 4×4 diagonal block from its upper triangle.
    const b01 = A[a0 + r + 1];
    const b02 = A[a0 + r + 2];
    const b03 = A[a0 + r + 3];
    const b12 = A[a1 + r + 2];
    const b13 = A[a1 + r + 3];
    const b23 = A[a2 + r + 3];
    let s0 = A[a0 + r] * v0 + b01 * v1 + b02 * v2 + b03 * v3;
    let s1 = b01 * v0 + A[a1 + r + 1] * v1 + b12 * v2 + b13 * v3;
    let s2 = b02 * v0 + b12 * v1 + A[a2 + r + 2] * v2 + b23 * v3;
    let s3 = b03 * v0 + b13 * v1 + b23 * v2 + A[a3 + r + 3] * v3;
    for (let c = r + 4; c < n; c++) {
      const x = v[c];
      const e0 = A[a0 + c];
      const e1 = A[a1 + c];
      const e2 = A[a2 + c];
      const e3 = A[a3 + c];
      s0 += e0 * x;
      s1 += e1 * x;
      s2 += e2 * x;
      s3 += e3 * x;
      y[c] += e0 * v0 + e1 * v1 + e2 * v2 + e3 * v3;
    }
    y[r] += s0;
    y[r + 1] += s1;
    y[r + 2] += s2;
    y[r + 3] += s3;
  }
  for (; r < n; r++) {
    const a0 = r * n;
    const vr = v[r];
    let s0 = A[a0 + r] * vr;
    for (let c = r + 1; c < n; c++) {
      const e0 = A[a0 + c];
      s0 += e0 * v[c];
      y[c] += e0 * vr;
    }
    y[r] += s0;
  }
}

/** dsytd2 on rows/cols ≥ k0 (upper triangle), with the rank-2 update fused into the next matvec. */
function reduceUnblocked(
  W: Float64Array,
  n: number,
  k0: number,
  d: Float64Array,
  e: Float64Array,
  tau: Float64Array,
  kernels: DenseKernels,
): void {
  const mark = kernels.mark();
  let v = kernels.alloc(n);
  let vNext = kernels.alloc(n);
  const w = kernels.alloc(n);
  const p = kernels.alloc(n);

  if (n - k0 >= 3) {
    tau[k0] = makeReflector(W, n, k0, v, e);
    // p = A₂₂·v on the trailing block (rows/cols ≥ k0+1), upper triangle only.
    for (let i = kernels.symvRows(W, n, k0 + 1, v, p); i < n; i++) {
      const row = i * n;
      const vi = v[i];
      let acc = W[row + i] * vi;
      for (let j = i + 1; j < n; j++) {
        const a = W[row + j];
        acc += a * v[j];
        p[j] += a * vi;
      }
      p[i] += acc;
    }
  }

  for (let k = k0; k <= n - 3; k++) {
    d[k] = W[k * n + k];
    const t = tau[k];
    const k1 = k + 1;
    if (t !== 0) {
      let pv = 0;
      for (let j = k1; j < n; j++) pv += p[j] * v[j];
      const half = 0.5 * t * t * pv;
      for (let j = k1; j < n; j++) w[j] = t * p[j] - half * v[j];
      // Row k+1 first: the next reflector is built from it.
      const row = k1 * n;
      const w1 = w[k1];
      for (let j = k1; j < n; j++) W[row + j] -= w[j] + w1 * v[j];
    } else {
      w.fill(0, k1);
    }
    const next = k1 <= n - 3;
    let tNext = 0;
    if (next) {
      tNext = makeReflector(W, n, k1, vNext, e);
      tau[k1] = tNext;
      p.fill(0, k + 2);
    }
    const needMatvec = next && tNext !== 0;
    const fused = needMatvec && kernels.rank2Symv(W, n, k + 2, v, w, vNext, p);
    for (let i = fused ? n : k + 2; i < n; i++) {
      const row = i * n;
      const vi = v[i];
      const wi = w[i];
      if (needMatvec) {
        const ui = vNext[i];
        let a = W[row + i] - 2 * vi * wi;
        W[row + i] = a;
        let acc = a * ui;
        for (let j = i + 1; j < n; j++) {
          a = W[row + j] - vi * w[j] - wi * v[j];
          W[row + j] = a;
          acc += a * vNext[j];
          p[j] += a * ui;
        }
        p[i] += acc;
      } else if (t !== 0) {
        for (let j = i; j < n; j++) W[row + j] -= vi * w[j] + wi * v[j];
      }
    }
    const swap = v;
    v = vNext;
    vNext = swap;
  }
  d[n - 2] = W[(n - 2) * n + n - 2];
  e[n - 2] = W[(n - 2) * n + n - 1];
  d[n - 1] = W[n * n - 1];
  kernels.release(mark);
}

/**
 * Builds Hₖ (dlarfg) annihilating W[k][k+2…n−1] against W[k][k+1]: writes vₖ into `v` (absolute
 * indices, v[k+1] = 1) and into row k of W, β into e[k]; returns τₖ.
 */
function makeReflector(W: Float64Array, n: number, k: number, v: Float64Array, e: Float64Array): number {
  const row = k * n;
  const alpha = W[row + k + 1];
  let sigma = 0;
  for (let j = k + 2; j < n; j++) sigma += W[row + j] * W[row + j];
  v[k + 1] = 1;
  if (sigma === 0) {
    for (let j = k + 2; j < n; j++) v[j] = 0;
    e[k] = alpha;
    return 0;
  }
  const norm = Math.sqrt(alpha * alpha + sigma);
  const beta = alpha >= 0 ? -norm : norm;
  const scale = 1 / (alpha - beta);
  for (let j = k + 2; j < n; j++) {
    const x = W[row + j] * scale;
    v[j] = x;
    W[row + j] = x;
  }
  e[k] = beta;
  return (beta - alpha) / beta;
}

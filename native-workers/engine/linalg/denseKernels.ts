import { gemmNT } from './gemm';

/**
 * The dense building blocks of eigh, swappable as a whole: the plain-TS reference here, or the
 * WebAssembly SIMD arena of wasm/eighKernels.ts. Every array a stage works on comes from `alloc`,
 * so that a SIMD backend can hand out views of its own memory and run its kernels on them without
 * copies. `mark`/`release` bracket a stage's temporaries (stack discipline).
 */
export interface DenseKernels {
  /** 'simd' when the kernels run as WebAssembly f64x2, 'scalar' for the TS reference. */
  readonly kind: 'simd' | 'scalar';
  /** C ← β·C + α·A·Bᵀ, same contract as {@link gemmNT}. */
  gemmNT(
    m: number,
    n: number,
    p: number,
    alpha: number,
    A: Float64Array,
    aOff: number,
    lda: number,
    B: Float64Array,
    bOff: number,
    ldb: number,
    beta: 0 | 1,
    C: Float64Array,
    cOff: number,
    ldc: number,
  ): void;
  /**
   * y[from…n) += A·v over the trailing block rows/cols ≥ from of the n×n row-major A, reading only
   * its upper triangle, for rows from…r−1; returns r (the caller does the remaining rows, < 4).
   */
  symvRows(A: Float64Array, n: number, from: number, v: Float64Array, y: Float64Array): number;
  /**
   * The fused dsytd2 step on rows start…n−1 (upper triangle): A ← A − v·wᵀ − w·vᵀ, and with the
   * updated entries p += A·u. False when the backend has no such kernel (the caller does it).
   */
  rank2Symv(A: Float64Array, n: number, start: number, v: Float64Array, w: Float64Array, u: Float64Array, p: Float64Array): boolean;
  /**
   * Secular-equation sums at τ over Δ = delta[off…off+K): with rₘ = 1/(Δₘ − τ), tₘ = z2ₘ·rₘ,
   * out = [Σ_{m<split} tₘ, Σ_{m<split} tₘ·rₘ, Σ_{m≥split} tₘ, Σ_{m≥split} tₘ·rₘ]. False: not here.
   */
  secularSums(delta: Float64Array, off: number, z2: Float64Array, K: number, split: number, tau: number, out: Float64Array): boolean;
  /** Löwner step j: prod[m] *= −Δ[m]/(d[j+1] − d[m]) for m ≤ j, Δ[m]/(d[m] − d[j]) for m > j (Δ = delta[off…]). */
  lownerRow(prod: Float64Array, delta: Float64Array, off: number, d: Float64Array, j: number, K: number): boolean;
  /** Δ[m] ← zHat[m]/Δ[m] over delta[off…off+K); returns Σ Δ[m]², or −1 when not here. */
  vectorRow(delta: Float64Array, off: number, zHat: Float64Array, K: number): number;
  /**
   * Givens rotations on row pairs of Z (row stride ldz, rows of length m from offset zOff), in the
   * order i = last, last−1, …, first: (row i, row i+1) ← (c·zᵢ − s·zᵢ₊₁, s·zᵢ + c·zᵢ₊₁) with
   * c = cs[i], s = ss[i]. False: not here.
   */
  rotateRowPairs(Z: Float64Array, zOff: number, ldz: number, m: number, cs: Float64Array, ss: Float64Array, first: number, last: number): boolean;
  /** dst[dOff + m] = src[sOff + m] − s for m < K. False: not here. */
  shift(dst: Float64Array, dOff: number, src: Float64Array, sOff: number, s: number, K: number): boolean;
  /** An array of `len` doubles, zeroed unless `zeroed` is false (then its contents are arbitrary). */
  alloc(len: number, zeroed?: boolean): Float64Array;
  mark(): number;
  release(mark: number): void;
}

/** The plain-TS reference backend. */
export const scalarKernels: DenseKernels = {
  kind: 'scalar',
  gemmNT,
  symvRows: (_A, _n, from) => from,
  rank2Symv: () => false,
  secularSums: () => false,
  lownerRow: () => false,
  vectorRow: () => -1,
  rotateRowPairs: () => false,
  shift: () => false,
  alloc: (len) => new Float64Array(len),
  mark: () => 0,
  release: () => undefined,
};

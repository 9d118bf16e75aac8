/**
 * The three dense products of the batched MLP passes behind one interface, with two
 * implementations:
 *   scalar  blockedOps.ts: plain TypeScript, the reference (bit-identical to the plain loops);
 *   wasm    the WebAssembly SIMD GEMM (wasm/gemm.ts) on buffers that live in its arena — not
 *           bit-identical (a different summation order), equal to the reference to ~1e-16
 *           relative (tests/unit/derivatives/denseOps.test.ts).
 * Signatures are blockedOps' (feature-major matrices, features × N). A weight block with few
 * nonzeros (one-hot HVP directions of the dense Hessian) goes through the scalar product, which
 * skips zero weights; everything else through the GEMM.
 */
import { accumulateProduct, accumulateTransposedProduct, gradientProduct } from './blockedOps';
import type { GemmArena } from '../wasm/gemm';

export interface DenseOps {
  readonly kind: 'scalar' | 'wasm';
  /** Z[o, ·] += Σᵢ W[o, i]·In[i, ·] (+ the W2/In2 term): blockedOps.accumulateProduct. */
  accumulateProduct(
    W: Float64Array,
    w0: number,
    nout: number,
    nin: number,
    In: Float64Array,
    Z: Float64Array,
    N: number,
    W2?: Float64Array | null,
    In2?: Float64Array | null,
  ): void;
  /** E[i, ·] += Σₒ W[o, i]·D[o, ·] (+ the W2/D2 term): blockedOps.accumulateTransposedProduct. */
  accumulateTransposedProduct(
    W: Float64Array,
    w0: number,
    nout: number,
    nin: number,
    D: Float64Array,
    E: Float64Array,
    N: number,
    W2?: Float64Array | null,
    D2?: Float64Array | null,
  ): void;
  /** out[g0 + o·nin + i] = Σₙ D[o, n]·In[i, n] (+ D2·In2ᵀ), row sums of D at b0 ≥ 0: blockedOps.gradientProduct. */
  gradientProduct(
    D: Float64Array,
    In: Float64Array,
    D2: Float64Array | null,
    In2: Float64Array | null,
    nout: number,
    nin: number,
    N: number,
    out: Float64Array,
    g0: number,
    b0: number,
    acc: Float64Array,
  ): void;
}

export const scalarOps: DenseOps = { kind: 'scalar', accumulateProduct, accumulateTransposedProduct, gradientProduct };

/** Whether the nout × nin block of W at w0 is sparse enough for the zero-skipping scalar product. */
function sparse(W: Float64Array, w0: number, count: number): boolean {
  let nonzero = 0;
  const limit = count >> 4;
  for (let k = w0; k < w0 + count; k++) if (W[k] !== 0 && ++nonzero > limit) return false;
  return true;
}

/** DenseOps on the SIMD GEMM; every matrix must be a view of `arena` (theta and v copied there). */
export function wasmOps(arena: GemmArena): DenseOps {
  const product = (W: Float64Array, w0: number, nout: number, nin: number, In: Float64Array, Z: Float64Array, N: number): void => {
    if (sparse(W, w0, nout * nin)) accumulateProduct(W, w0, nout, nin, In, Z, N);
    else arena.gemm(nout, N, nin, W, w0, nin, 1, In, 0, N, 1, Z, 0, N);
  };
  const transposed = (W: Float64Array, w0: number, nout: number, nin: number, D: Float64Array, E: Float64Array, N: number): void => {
    if (sparse(W, w0, nout * nin)) accumulateTransposedProduct(W, w0, nout, nin, D, E, N);
    else arena.gemm(nin, N, nout, W, w0, 1, nin, D, 0, N, 1, E, 0, N);
  };
  return {
    kind: 'wasm',
    accumulateProduct(W, w0, nout, nin, In, Z, N, W2 = null, In2 = null) {
      product(W, w0, nout, nin, In, Z, N);
      if (W2 && In2) product(W2, w0, nout, nin, In2, Z, N);
    },
    accumulateTransposedProduct(W, w0, nout, nin, D, E, N, W2 = null, D2 = null) {
      transposed(W, w0, nout, nin, D, E, N);
      if (W2 && D2) transposed(W2, w0, nout, nin, D2, E, N);
    },
    gradientProduct(D, In, D2, In2, nout, nin, N, out, g0, b0, acc) {
      const sums = nout * nin;
      acc.fill(0, 0, sums);
      arena.gemm(nout, nin, N, D, 0, N, 1, In, 0, 1, N, acc, 0, nin);
      if (D2 && In2) arena.gemm(nout, nin, N, D2, 0, N, 1, In2, 0, 1, N, acc, 0, nin);
      for (let k = 0; k < sums; k++) out[g0 + k] = acc[k];
      if (b0 >= 0) {
        for (let o = 0; o < nout; o++) {
          let s = 0;
          for (let n = o * N; n < (o + 1) * N; n++) s += D[n];
          out[b0 + o] = s;
        }
      }
    },
  };
}

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
 *
 * The GEMM's fast kernel (gemmDot.ts) needs both operands contiguous along the summed index. The
 * gradient D·Inᵀ sums over samples and is; the forward W·In sums over In's rows, which the
 * feature-major layout strides by N. For a constant input (the data X) the owner can register a
 * sample-major copy (`useSampleMajor`: N × nin, +N·nin·8 bytes, 63 MB for MNIST's 10,000 × 784)
 * that the forward products of that input read instead (1.9× faster on 784→30, measured).
 * Other inputs (hidden activations, δ of the backward pass) are transposed per call into a scratch
 * buffer (`useScratch`) when the product is wide enough to repay the copy (TRANSPOSE_MIN).
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
  /**
   * Registers S (N × rows, sample-major) as a copy of the feature-major In (rows × N): products
   * reading In as their input then read S. The caller keeps S equal to Inᵀ (S = null unregisters).
   * Ignored by the scalar ops.
   */
  useSampleMajor(In: Float64Array, S: Float64Array | null): void;
  /**
   * Scratch for per-call transposes (an arena view; null: none). A product uses it when its
   * operands fit (forward: nin·N; backward: nout·N + nout·nin). Ignored by the scalar ops.
   */
  useScratch(T: Float64Array | null): void;
}

export const scalarOps: DenseOps = { kind: 'scalar', accumulateProduct, accumulateTransposedProduct, gradientProduct, useSampleMajor() {}, useScratch() {} };

/**
 * Outputs per transposed input (forward: nout; backward: nin) from which transposing an operand
 * to reach the dot-product kernel pays. Measured (CPU time, load ≈ 9): the JS transpose costs
 * ≈ 1.5 ns per element, the dot kernel saves ≈ 0.05 ns per multiply-add over the packed one
 * (20 vs 13 GFLOPS), so the break-even is ≈ 28 multiply-adds per copied element.
 */
export const TRANSPOSE_MIN = 32;

/** S[n·rows + i] = In[i·N + n] for i < rows, n < N (in 8 × 64 tiles, so both sides stay in cache). */
export function transposeRows(In: Float64Array, rows: number, N: number, S: Float64Array): void {
  for (let n0 = 0; n0 < N; n0 += 64) {
    const n1 = Math.min(N, n0 + 64);
    for (let r0 = 0; r0 < rows; r0 += 8) {
      const r1 = Math.min(rows, r0 + 8);
      for (let n = n0; n < n1; n++) {
        const o = n * rows;
        for (let r = r0; r < r1; r++) S[o + r] = In[r * N + n];
      }
    }
  }
}

/** Whether the nout × nin block of W at w0 is sparse enough for the zero-skipping scalar product. */
function sparse(W: Float64Array, w0: number, count: number): boolean {
  let nonzero = 0;
  const limit = count >> 4;
  for (let k = w0; k < w0 + count; k++) if (W[k] !== 0 && ++nonzero > limit) return false;
  return true;
}

/** DenseOps on the SIMD GEMM; every matrix must be a view of `arena` (theta and v copied there). */
export function wasmOps(arena: GemmArena): DenseOps {
  const sampleMajor = new Map<Float64Array, Float64Array>();
  let scratch: Float64Array | null = null;
  const product = (W: Float64Array, w0: number, nout: number, nin: number, In: Float64Array, Z: Float64Array, N: number): void => {
    if (sparse(W, w0, nout * nin)) {
      accumulateProduct(W, w0, nout, nin, In, Z, N);
      return;
    }
    let S = sampleMajor.get(In) ?? null;
    if (S && S.length < N * nin) S = null;
    if (!S && scratch && nout >= TRANSPOSE_MIN && scratch.length >= N * nin) {
      transposeRows(In, nin, N, scratch);
      S = scratch;
    }
    // op(B)[i, n] = S[n·nin + i]: contiguous along i, so both operands are (gemm → dot kernel).
    if (S) arena.gemm(nout, N, nin, W, w0, nin, 1, S, 0, 1, nin, Z, 0, N);
    else arena.gemm(nout, N, nin, W, w0, nin, 1, In, 0, N, 1, Z, 0, N);
  };
  const transposed = (W: Float64Array, w0: number, nout: number, nin: number, D: Float64Array, E: Float64Array, N: number): void => {
    if (sparse(W, w0, nout * nin)) accumulateTransposedProduct(W, w0, nout, nin, D, E, N);
    else if (scratch && nin >= TRANSPOSE_MIN && scratch.length >= nout * (N + nin)) {
      // E += (Wᵀ)·D with Wᵀ (nin × nout) at scratch[0…) and Dᵀ (N × nout) after it: both along o.
      const Dt = nout * nin;
      for (let o = 0; o < nout; o++) for (let i = 0; i < nin; i++) scratch[i * nout + o] = W[w0 + o * nin + i];
      transposeRows(D, nout, N, scratch.subarray(Dt));
      arena.gemm(nin, N, nout, scratch, 0, nout, 1, scratch, Dt, 1, nout, E, 0, N);
    } else arena.gemm(nin, N, nout, W, w0, 1, nin, D, 0, N, 1, E, 0, N);
  };
  return {
    kind: 'wasm',
    useSampleMajor(In, S) {
      if (S === null) sampleMajor.delete(In);
      else if (!arena.owns(S) || S.length !== In.length) throw new Error('useSampleMajor: S must be an arena view of In\'s size');
      else sampleMajor.set(In, S);
    },
    useScratch(T) {
      if (T && !arena.owns(T)) throw new Error('useScratch: T must be an arena view');
      scratch = T;
    },
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

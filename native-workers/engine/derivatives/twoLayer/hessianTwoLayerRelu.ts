/**
 * Dense Hessian of d → m → 1 relu networks (identity output) from pair moments. For relu,
 * σ' ∈ {0, 1}, σ'' = 0 and hⱼ = w̃ⱼ·x̂ on the active set, so with x̂ = [x; 1], w̃ⱼ = [wⱼ; bⱼ or 0],
 * Aⱼ = {n : zⱼₙ > 0} and the moments Mⱼₖ = Σ_{n∈Aⱼ∩Aₖ} x̂ₙx̂ₙᵀ, every block follows (κ = 2/N):
 *   (wⱼ, wₖ)  κ aⱼaₖ Mⱼₖ                         (aⱼ, wₖ)  κ aₖ Mⱼₖw̃ⱼ + δⱼₖ κ Σ_{n∈Aⱼ} rₙx̂ₙ
 *   (aⱼ, aₖ)  κ w̃ⱼᵀMⱼₖw̃ₖ                        (c, wₖ)   κ aₖ Mₖₖ[:, 1]
 *   (c, aⱼ)   κ w̃ⱼᵀMⱼⱼ[:, 1]                     (c, c)    κ N
 * (restricted to the coordinates θ has: no b rows without hidden bias, no c without output bias).
 * The moments are a scatter over each sample's active units: O(N·|A|²·(d+1)(d+2)/2) adds,
 * done by hessianReluWasm.ts when d = 2 and WebAssembly is available, else by the loop below.
 */
import { mirrorUpper } from './hessianTwoLayer';
import { reluMomentsWasm } from './hessianReluWasm';
import { parameterCount } from '../../core/layout';
import type { TwoLayerShape } from './twoLayerShape';
import type { Architecture, Dataset } from '../../core/types';

/** w̃ⱼ = [wⱼ; bⱼ or 0] as rows of an m × (d+1) matrix. */
function extendedWeights(shape: TwoLayerShape, theta: Float64Array): Float64Array {
  const d = shape.inputDim;
  const Dh = d + 1;
  const wt = new Float64Array(shape.width * Dh);
  for (let j = 0; j < shape.width; j++) {
    for (let t = 0; t < d; t++) wt[j * Dh + t] = theta[shape.w + j * d + t];
    wt[j * Dh + d] = shape.b >= 0 ? theta[shape.b + j] : 0;
  }
  return wt;
}

/**
 * Plain-TS moments: M[(j·m + k)·T + e] for j ≤ k (e runs over the upper triangle of x̂x̂ᵀ,
 * row by row) and R[j·(d+1) + t] = Σ_{n∈Aⱼ} rₙx̂ₙₜ.
 */
export function reluMomentsScalar(
  shape: TwoLayerShape,
  theta: Float64Array,
  data: Dataset,
  M: Float64Array,
  R: Float64Array,
): void {
  const N = data.count;
  const d = shape.inputDim;
  const m = shape.width;
  const Dh = d + 1;
  const T = (Dh * (Dh + 1)) / 2;
  const X = data.X;
  const wt = extendedWeights(shape, theta);
  const c = shape.c >= 0 ? theta[shape.c] : 0;
  const active = new Int32Array(m);
  const q = new Float64Array(T);
  const xh = new Float64Array(Dh);
  const rowStride = m * T;
  M.fill(0);
  R.fill(0);
  for (let n = 0; n < N; n++) {
    for (let t = 0; t < d; t++) xh[t] = X[n * d + t];
    xh[d] = 1;
    let count = 0;
    let f = c;
    for (let j = 0; j < m; j++) {
      let z = wt[j * Dh + d];
      for (let t = 0; t < d; t++) z += wt[j * Dh + t] * xh[t];
      if (z > 0) {
        active[count++] = j;
        f += theta[shape.a + j] * z;
      }
    }
    const r = f - data.Y[n];
    for (let t = 0, e = 0; t < Dh; t++) for (let s = t; s < Dh; s++) q[e++] = xh[t] * xh[s];
    for (let i = 0; i < count; i++) {
      const j = active[i];
      for (let t = 0; t < Dh; t++) R[j * Dh + t] += r * xh[t];
      const row = j * rowStride;
      for (let l = i; l < count; l++) {
        const o = row + active[l] * T;
        for (let e = 0; e < T; e++) M[o + e] += q[e];
      }
    }
  }
}

export function twoLayerReluHessian(
  architecture: Architecture,
  shape: TwoLayerShape,
  theta: Float64Array,
  data: Dataset,
  /** `reuseSamples`: reluMomentsWasm's (HessianOptions.reuseSamples). */
  options: { wasm?: boolean; reuseSamples?: boolean } = {},
): Float64Array {
  const P = parameterCount(architecture);
  const N = data.count;
  const d = shape.inputDim;
  const m = shape.width;
  const Dh = d + 1;
  const T = (Dh * (Dh + 1)) / 2;
  const kappa = 2 / N;
  const M = new Float64Array(m * m * T);
  const R = new Float64Array(m * Dh);
  if (!(options.wasm !== false && reluMomentsWasm(shape, theta, data, M, R, options.reuseSamples ?? false))) reluMomentsScalar(shape, theta, data, M, R);

  const wt = extendedWeights(shape, theta);
  const a = theta.subarray(shape.a, shape.a + m);
  /** θ index of coordinate t of w̃ⱼ, or −1 for the bias slot of a bias-free hidden layer. */
  const wIndex = (j: number, t: number): number => (t < d ? shape.w + j * d + t : shape.b >= 0 ? shape.b + j : -1);
  const H = new Float64Array(P * P);
  const put = (i: number, k: number, v: number): void => {
    if (i >= 0 && k >= 0) H[Math.min(i, k) * P + Math.max(i, k)] = v;
  };
  const S = new Float64Array(Dh * Dh); // Mⱼₖ as a full symmetric matrix
  const Sw = new Float64Array(Dh);
  const eIndex = new Int32Array(Dh * Dh);
  for (let t = 0, e = 0; t < Dh; t++) for (let s = t; s < Dh; s++, e++) eIndex[t * Dh + s] = eIndex[s * Dh + t] = e;
  for (let j = 0; j < m; j++) {
    const aj = a[j];
    for (let k = j; k < m; k++) {
      const ak = a[k];
      const g = (j * m + k) * T;
      for (let i = 0; i < Dh * Dh; i++) S[i] = M[g + eIndex[i]];
      for (let t = 0; t < Dh; t++) {
        for (let s = j === k ? t : 0; s < Dh; s++) put(wIndex(j, t), wIndex(k, s), kappa * aj * ak * S[t * Dh + s]);
      }
      // (aⱼ, aₖ), (aⱼ, w̃ₖ) and, for k ≠ j, (aₖ, w̃ⱼ)
      let aa = 0;
      for (let t = 0; t < Dh; t++) {
        let sj = 0;
        let sk = 0;
        for (let s = 0; s < Dh; s++) {
          sj += S[t * Dh + s] * wt[j * Dh + s];
          sk += S[t * Dh + s] * wt[k * Dh + s];
        }
        aa += wt[j * Dh + t] * sk;
        Sw[t] = sk;
        put(wIndex(k, t), shape.a + j, kappa * ak * sj + (j === k ? kappa * R[j * Dh + t] : 0));
      }
      if (k !== j) for (let t = 0; t < Dh; t++) put(wIndex(j, t), shape.a + k, kappa * aj * Sw[t]);
      put(shape.a + j, shape.a + k, kappa * aa);
      if (k === j && shape.c >= 0) {
        let ca = 0;
        for (let t = 0; t < Dh; t++) {
          put(wIndex(j, t), shape.c, kappa * aj * S[t * Dh + d]);
          ca += wt[j * Dh + t] * S[t * Dh + d];
        }
        put(shape.a + j, shape.c, kappa * ca);
      }
    }
  }
  if (shape.c >= 0) put(shape.c, shape.c, kappa * N);
  mirrorUpper(H, P);
  return H;
}

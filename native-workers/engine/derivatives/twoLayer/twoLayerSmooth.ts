/**
 * Fused per-unit loops of the scalar d → m → 1 kernel (twoLayerLoss.ts) for the smooth
 * activations softplus, sigmoid and tanh. One pass over the samples computes the pre-activation,
 * a single exp(−|z|) (exp(−2|z|) for tanh), the value and the first derivative, and accumulates
 * aⱼ·σ(zⱼₙ) into the output — instead of separate pre-activation, activation and accumulation
 * passes. With e = exp(−|z|), p = [z ≥ 0], q = 1/(1+e):
 *   softplus(z) = p·z + log1p(e),  softplus'(z) = σ(z) = (p + (1−p)e)·q,
 *   σ'(z) = e·q²,  tanh'(z) = 4e'·q'² with e' = exp(−2|z|), q' = 1/(1+e')
 * (no cancellation in either tail; same formulas as activationArrays.ts). Each activation has its
 * own loop so the calls inside stay monomorphic, and the selection p is arithmetic, not a branch
 * (a data-dependent branch mispredicts once θ moves).
 */
import type { ActivationName } from '../../core/types';

export type SmoothActivation = 'softplus' | 'sigmoid' | 'tanh';

export function isSmoothFused(name: ActivationName): name is SmoothActivation {
  return name === 'softplus' || name === 'sigmoid' || name === 'tanh';
}

/**
 * For n in [s, e): zₙ = w0·x0ₙ + w1·x1ₙ + b, f[n] += a·σ(zₙ); when H and S are given they receive
 * σ(zₙ) and σ'(zₙ). (A d > 2 caller passes precomputed z as x0 with w0 = 1 and zeros as x1.)
 */
export function smoothUnitForward(
  act: SmoothActivation,
  w0: number,
  w1: number,
  b: number,
  a: number,
  x0: Float64Array,
  x1: Float64Array,
  s: number,
  e: number,
  f: Float64Array,
  H: Float64Array | null,
  S: Float64Array | null,
): void {
  if (act === 'softplus') {
    if (H && S) {
      for (let n = s; n < e; n++) {
        const z = w0 * x0[n] + w1 * x1[n] + b;
        const p = +(z >= 0);
        const ex = Math.exp(-Math.abs(z));
        const h = p * z + Math.log1p(ex);
        H[n] = h;
        S[n] = (p + (1 - p) * ex) / (1 + ex);
        f[n] += a * h;
      }
    } else {
      for (let n = s; n < e; n++) {
        const z = w0 * x0[n] + w1 * x1[n] + b;
        f[n] += a * (+(z >= 0) * z + Math.log1p(Math.exp(-Math.abs(z))));
      }
    }
  } else if (act === 'sigmoid') {
    if (H && S) {
      for (let n = s; n < e; n++) {
        const z = w0 * x0[n] + w1 * x1[n] + b;
        const p = +(z >= 0);
        const ex = Math.exp(-Math.abs(z));
        const q = 1 / (1 + ex);
        const h = (p + (1 - p) * ex) * q;
        H[n] = h;
        S[n] = ex * q * q;
        f[n] += a * h;
      }
    } else {
      for (let n = s; n < e; n++) {
        const z = w0 * x0[n] + w1 * x1[n] + b;
        const p = +(z >= 0);
        const ex = Math.exp(-Math.abs(z));
        f[n] += (a * (p + (1 - p) * ex)) / (1 + ex);
      }
    }
  } else {
    if (H && S) {
      for (let n = s; n < e; n++) {
        const z = w0 * x0[n] + w1 * x1[n] + b;
        const h = Math.tanh(z);
        const ex = Math.exp(-2 * Math.abs(z));
        const q = 1 / (1 + ex);
        H[n] = h;
        S[n] = 4 * ex * q * q;
        f[n] += a * h;
      }
    } else {
      for (let n = s; n < e; n++) f[n] += a * Math.tanh(w0 * x0[n] + w1 * x1[n] + b);
    }
  }
}

/**
 * Backward sums of one unit over [s, e) for d ≤ 2, given residuals r and the stored H = σ(z),
 * S = σ'(z): out[o…o+3] = [Σ r·h, Σ r·σ'·x0, Σ r·σ'·x1, Σ r·σ'].
 */
export function smoothUnitBackward(
  r: Float64Array,
  H: Float64Array,
  S: Float64Array,
  x0: Float64Array,
  x1: Float64Array,
  s: number,
  e: number,
  out: Float64Array,
  o: number,
): void {
  let sh = 0;
  let s0 = 0;
  let s1 = 0;
  let st = 0;
  for (let n = s; n < e; n++) {
    const rn = r[n];
    sh += rn * H[n];
    const t = rn * S[n];
    st += t;
    s0 += t * x0[n];
    s1 += t * x1[n];
  }
  out[o] = sh;
  out[o + 1] = s0;
  out[o + 2] = s1;
  out[o + 3] = st;
}

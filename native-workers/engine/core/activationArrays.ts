/**
 * Element-wise activation over arrays, one dedicated loop per activation so that every call
 * inside is monomorphic (a shared loop calling `act.f` through an object becomes megamorphic and
 * costs several times the arithmetic). Same formulas as activations.ts; softplus and sigmoid
 * share one exp(−|z|) between value and derivatives.
 */
import { activation } from './activations';
import { normalCdf, normalPdf, sigmoid, sigmoidD1, sigmoidD2, softplus } from './special';
import type { ActivationName } from './types';

/**
 * For i < count: f[i] = σ(z[i]) and, when given, d1[i] = σ'(z[i]), d2[i] = σ''(z[i]).
 * Any output may alias z (it is read before being written).
 */
export function applyActivation(
  name: ActivationName,
  z: Float64Array,
  count: number,
  f: Float64Array | null,
  d1: Float64Array | null = null,
  d2: Float64Array | null = null,
): void {
  switch (name) {
    case 'identity':
      for (let i = 0; i < count; i++) {
        const x = z[i];
        if (f) f[i] = x;
        if (d1) d1[i] = 1;
        if (d2) d2[i] = 0;
      }
      return;
    case 'relu':
      for (let i = 0; i < count; i++) {
        const x = z[i];
        const k = +(x > 0);
        if (f) f[i] = x * k + 0; // + 0 turns −0 into +0
        if (d1) d1[i] = k;
        if (d2) d2[i] = 0;
      }
      return;
    case 'softplus':
      for (let i = 0; i < count; i++) {
        const x = z[i];
        const e = Math.exp(-Math.abs(x));
        const q = 1 + e;
        if (f) f[i] = Math.max(x, 0) + Math.log1p(e);
        if (d1) d1[i] = (x >= 0 ? 1 : e) / q;
        if (d2) d2[i] = e / (q * q);
      }
      return;
    case 'sigmoid':
      for (let i = 0; i < count; i++) {
        const x = z[i];
        const e = Math.exp(-Math.abs(x));
        const q = 1 + e;
        const s1 = e / (q * q);
        if (f) f[i] = (x >= 0 ? 1 : e) / q;
        if (d1) d1[i] = s1;
        if (d2) {
          const v = (s1 * Math.expm1(-Math.abs(x))) / q;
          d2[i] = x >= 0 ? v : -v;
        }
      }
      return;
    case 'tanh':
      for (let i = 0; i < count; i++) {
        const x = z[i];
        const t = Math.tanh(x);
        const e = Math.exp(-2 * Math.abs(x));
        const q = 1 + e;
        const s = (4 * e) / (q * q);
        if (f) f[i] = t;
        if (d1) d1[i] = s;
        if (d2) d2[i] = -2 * t * s;
      }
      return;
    case 'gelu':
      for (let i = 0; i < count; i++) {
        const x = z[i];
        const P = normalCdf(x);
        const p = normalPdf(x);
        if (f) f[i] = x * P;
        if (d1) d1[i] = P + x * p;
        if (d2) d2[i] = p * (2 - x * x);
      }
      return;
    case 'normal_cdf':
      for (let i = 0; i < count; i++) {
        const x = z[i];
        const p = normalPdf(x);
        if (f) f[i] = normalCdf(x);
        if (d1) d1[i] = p;
        if (d2) d2[i] = -x * p;
      }
      return;
    case 'g':
      for (let i = 0; i < count; i++) {
        const x = z[i];
        if (f) f[i] = sigmoid(4 * x) + softplus(x);
        if (d1) d1[i] = 4 * sigmoidD1(4 * x) + sigmoid(x);
        if (d2) d2[i] = 16 * sigmoidD2(4 * x) + sigmoidD1(x);
      }
      return;
    case 'square':
      for (let i = 0; i < count; i++) {
        const x = z[i];
        if (f) f[i] = 0.5 * x * x;
        if (d1) d1[i] = x;
        if (d2) d2[i] = 1;
      }
      return;
    default:
      activation(name); // throws ActivationError naming the bad name
  }
}

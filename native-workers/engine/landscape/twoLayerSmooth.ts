import { activation } from '../core/activations';
import type { ActivationName } from '../core/types';
import type { PlaneEvaluator } from './planeEvaluator';
import type { TwoLayerProjections } from './twoLayerProjections';

/**
 * Rows for two-layer nets with any activations. Per row the hidden pre-activations are
 * z = c + α·s with c = z0 + β·zv, s = zu precomputed per sample, and the output weights for
 * every column are formed once per row, so a grid point costs m activations and K·m
 * multiply-adds per sample instead of a full forward pass.
 */
export function twoLayerSmoothEvaluator(
  p: TwoLayerProjections,
  Y: Float64Array,
  hiddenActivation: ActivationName,
  outputActivation: ActivationName,
): PlaneEvaluator {
  const N = p.count;
  const m = p.width;
  const K = p.outputs;
  const sigma = activation(hiddenActivation).f;
  const outSigma = outputActivation === 'identity' ? null : activation(outputActivation).f;
  const c = new Float64Array(m);
  const f = new Float64Array(K);
  let weights = new Float64Array(0); // count × K × m
  let biases = new Float64Array(0); // count × K
  let acc = new Float64Array(0);

  function row(beta: number, alpha0: number, dAlpha: number, count: number, out: Float64Array, offset: number): void {
    if (acc.length < count) {
      acc = new Float64Array(count);
      weights = new Float64Array(count * K * m);
      biases = new Float64Array(count * K);
    }
    acc.fill(0, 0, count);
    for (let col = 0; col < count; col++) {
      const a = alpha0 + col * dAlpha;
      for (let i = 0; i < K * m; i++) weights[col * K * m + i] = p.a0[i] + beta * p.av[i] + a * p.au[i];
      for (let o = 0; o < K; o++) biases[col * K + o] = p.b0[o] + beta * p.bv[o] + a * p.bu[o];
    }
    for (let n = 0; n < N; n++) {
      const zo = n * m;
      for (let j = 0; j < m; j++) c[j] = p.z0[zo + j] + beta * p.zv[zo + j];
      const yo = n * K;
      for (let col = 0; col < count; col++) {
        const a = alpha0 + col * dAlpha;
        const wo = col * K * m;
        let e = 0;
        if (K === 1) {
          let s = biases[col];
          for (let j = 0; j < m; j++) s += weights[wo + j] * sigma(c[j] + a * p.zu[zo + j]);
          const r = (outSigma === null ? s : outSigma(s)) - Y[yo];
          e = r * r;
        } else {
          for (let o = 0; o < K; o++) f[o] = biases[col * K + o];
          for (let j = 0; j < m; j++) {
            const h = sigma(c[j] + a * p.zu[zo + j]);
            for (let o = 0; o < K; o++) f[o] = f[o] + weights[wo + o * m + j] * h;
          }
          for (let o = 0; o < K; o++) {
            const r = (outSigma === null ? f[o] : outSigma(f[o])) - Y[yo + o];
            e += r * r;
          }
        }
        acc[col] = acc[col] + e;
      }
    }
    for (let col = 0; col < count; col++) out[offset + col] = acc[col] / N;
  }

  return { path: 'two-layer', row };
}

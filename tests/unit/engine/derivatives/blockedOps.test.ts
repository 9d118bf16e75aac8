/**
 * The sample-blocked products of the batched pass against the plain loops they replace: the same
 * accumulation order per element, so bit-identical results (sizes straddle the 256-sample block).
 */
import { describe, expect, it } from 'vitest';
import { accumulateProduct, accumulateTransposedProduct, gradientProduct } from '../../../../native-workers/engine/derivatives/blockedOps';
import { lcg, uniformVector } from '../../helpers/randomNetwork';

function sparse(v: Float64Array, rand: () => number): Float64Array {
  for (let i = 0; i < v.length; i++) if (rand() < 0.2) v[i] = 0; // zero weights are skipped: still identical
  return v;
}

describe('blocked batched products', () => {
  for (const [nout, nin, N] of [[3, 5, 7], [30, 20, 600], [4, 9, 256], [2, 3, 513]]) {
    it(`are bit-identical to the plain loops (nout ${nout}, nin ${nin}, N ${N})`, () => {
      const rand = lcg(nout * 1000 + N);
      const W = sparse(uniformVector(nout * nin + 3, rand), rand);
      const W2 = sparse(uniformVector(nout * nin + 3, rand), rand);
      const In = uniformVector(nin * N, rand);
      const In2 = uniformVector(nin * N, rand);
      const D = uniformVector(nout * N, rand);
      const D2 = uniformVector(nout * N, rand);
      const w0 = 3;

      const Z = uniformVector(nout * N, rand);
      const Zref = Float64Array.from(Z);
      accumulateProduct(W, w0, nout, nin, In, Z, N, W2, In2);
      for (let o = 0; o < nout; o++)
        for (let i = 0; i < nin; i++) {
          const w = W[w0 + o * nin + i];
          const w2 = W2[w0 + o * nin + i];
          for (let n = 0; n < N; n++) if (w !== 0) Zref[o * N + n] += w * In[i * N + n];
          for (let n = 0; n < N; n++) if (w2 !== 0) Zref[o * N + n] += w2 * In2[i * N + n];
        }
      expect(Array.from(Z)).toEqual(Array.from(Zref));

      const E = new Float64Array(nin * N);
      const Eref = new Float64Array(nin * N);
      accumulateTransposedProduct(W, w0, nout, nin, D, E, N, W2, D2);
      for (let o = 0; o < nout; o++)
        for (let i = 0; i < nin; i++) {
          const w = W[w0 + o * nin + i];
          const w2 = W2[w0 + o * nin + i];
          for (let n = 0; n < N; n++) if (w !== 0) Eref[i * N + n] += w * D[o * N + n];
          for (let n = 0; n < N; n++) if (w2 !== 0) Eref[i * N + n] += w2 * D2[o * N + n];
        }
      expect(Array.from(E)).toEqual(Array.from(Eref));

      const out = new Float64Array(nout * nin + nout + 5);
      const ref = new Float64Array(out.length);
      const acc = new Float64Array(nout * (nin + 1));
      gradientProduct(D, In, D2, In2, nout, nin, N, out, 5, 0, acc);
      for (let o = 0; o < nout; o++) {
        let b = 0;
        for (let n = 0; n < N; n++) b += D[o * N + n];
        ref[o] = b;
        for (let i = 0; i < nin; i++) {
          let s = 0;
          for (let n = 0; n < N; n++) s += D[o * N + n] * In[i * N + n] + D2[o * N + n] * In2[i * N + n];
          ref[5 + o * nin + i] = s;
        }
      }
      expect(Array.from(out)).toEqual(Array.from(ref));
    });
  }
});

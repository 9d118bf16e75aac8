import type { PlaneEvaluator } from './planeEvaluator';
import { singleOutputPiecewiseEvaluator } from './twoLayerPiecewiseSingle';
import type { TwoLayerProjections } from './twoLayerProjections';

/**
 * Fast rows for two-layer nets whose hidden activation is relu (or identity) and whose output
 * layer is linear.
 *
 * Along a row (β fixed) sample n's hidden unit j has pre-activation c + α·s (c = z0 + β·zv,
 * s = zu) and output weight A + α·Au (A = a0 + β·av, Au = au). While the unit is active its
 * contribution to the output is the quadratic (A + α·Au)(c + α·s) in α, and it switches on or
 * off exactly once along the row, at α = −c/s. So the network output along the row is a
 * piecewise quadratic whose pieces change at ≤ m column indices: we find those, sum the active
 * units' quadratic coefficients per piece and evaluate one quadratic per column and output,
 * instead of m activations per column.
 *
 * Accuracy: units with s > 0 switch on going right, units with s < 0 switch on going left, so
 * each piece's coefficients are a prefix sum (left to right) of the first group plus a suffix
 * sum (right to left) of the second — additions of active units only, never subtracting a unit
 * that switched off, which would cancel.
 */
export function twoLayerPiecewiseEvaluator(
  p: TwoLayerProjections,
  Y: Float64Array,
  alwaysActive: boolean,
): PlaneEvaluator {
  if (p.outputs === 1) return singleOutputPiecewiseEvaluator(p, Y, alwaysActive);
  const N = p.count;
  const m = p.width;
  const K = p.outputs;
  const K3 = 3 * K;
  const A = new Float64Array(K * m);
  const coef = new Float64Array(m * K3); // per unit j: [q0, q1, q2] per output
  const key = new Int32Array(m);
  const plus = new Int32Array(m);
  const minus = new Int32Array(m);
  const suffix = new Float64Array((m + 1) * K3);
  const run = new Float64Array(K3);
  const piece = new Float64Array(K3);
  const base = new Float64Array(K3);
  let acc = new Float64Array(0);

  function row(beta: number, alpha0: number, dAlpha: number, count: number, out: Float64Array, offset: number): void {
    if (acc.length < count) acc = new Float64Array(count);
    acc.fill(0, 0, count);
    const step = count > 1 ? dAlpha : 1;
    for (let i = 0; i < K * m; i++) A[i] = p.a0[i] + beta * p.av[i];
    for (let o = 0; o < K; o++) {
      base[3 * o] = p.b0[o] + beta * p.bv[o];
      base[3 * o + 1] = p.bu[o];
      base[3 * o + 2] = 0;
    }
    for (let n = 0; n < N; n++) {
      let np = 0;
      let nm = 0;
      const zo = n * m;
      for (let j = 0; j < m; j++) {
        const c = p.z0[zo + j] + beta * p.zv[zo + j];
        const s = p.zu[zo + j];
        let k: number;
        let rising: boolean;
        if (alwaysActive) {
          k = 0;
          rising = true;
        } else if (s > 0) {
          // Active where α > −c/s: first such column.
          k = clampColumn(Math.floor((-c / s - alpha0) / step) + 1, count);
          rising = true;
        } else if (s < 0) {
          // Active where α < −c/s: one past the last such column.
          k = clampColumn(Math.ceil((-c / s - alpha0) / step), count);
          rising = false;
        } else {
          k = c > 0 ? 0 : count;
          rising = true;
        }
        if (rising ? k >= count : k <= 0) continue;
        key[j] = k;
        const q = j * K3;
        for (let o = 0; o < K; o++) {
          const a = A[o * m + j];
          const au = p.au[o * m + j];
          coef[q + 3 * o] = a * c;
          coef[q + 3 * o + 1] = a * s + au * c;
          coef[q + 3 * o + 2] = au * s;
        }
        if (rising) plus[np++] = j;
        else minus[nm++] = j;
      }
      sortByKey(plus, np, key);
      sortByKey(minus, nm, key);
      // suffix[t] = Σ coefficients of minus[t …], the units still active once minus[0 … t−1] are off.
      suffix.fill(0, nm * K3, (nm + 1) * K3);
      for (let t = nm - 1; t >= 0; t--) {
        const q = minus[t] * K3;
        for (let r = 0; r < K3; r++) suffix[t * K3 + r] = coef[q + r] + suffix[(t + 1) * K3 + r];
      }
      run.fill(0);
      let ip = 0;
      let im = 0;
      let k = 0;
      const yo = n * K;
      while (k < count) {
        while (ip < np && key[plus[ip]] <= k) {
          const q = plus[ip] * K3;
          for (let r = 0; r < K3; r++) run[r] = run[r] + coef[q + r];
          ip++;
        }
        while (im < nm && key[minus[im]] <= k) im++;
        let end = count;
        if (ip < np) end = Math.min(end, key[plus[ip]]);
        if (im < nm) end = Math.min(end, key[minus[im]]);
        for (let r = 0; r < K3; r++) piece[r] = base[r] + run[r] + suffix[im * K3 + r];
        if (K === 1) {
          const c0 = piece[0] - Y[yo];
          const c1 = piece[1];
          const c2 = piece[2];
          for (let col = k; col < end; col++) {
            const a = alpha0 + col * dAlpha;
            const f = c0 + a * (c1 + a * c2);
            acc[col] = acc[col] + f * f;
          }
        } else {
          for (let col = k; col < end; col++) {
            const a = alpha0 + col * dAlpha;
            let e = 0;
            for (let o = 0; o < K; o++) {
              const f = piece[3 * o] - Y[yo + o] + a * (piece[3 * o + 1] + a * piece[3 * o + 2]);
              e += f * f;
            }
            acc[col] = acc[col] + e;
          }
        }
        k = end;
      }
    }
    for (let col = 0; col < count; col++) out[offset + col] = acc[col] / N;
  }

  return { path: 'two-layer-piecewise', row };
}

function clampColumn(k: number, count: number): number {
  // ±∞ (s tiny) clamps to the ends; NaN (non-finite parameters) counts as never switching.
  if (!(k >= 0)) return k < 0 ? 0 : count;
  return k > count ? count : k;
}

/** Insertion sort of idx[0 … n−1] by key[idx] (n is a layer width, small). */
function sortByKey(idx: Int32Array, n: number, key: Int32Array): void {
  for (let i = 1; i < n; i++) {
    const v = idx[i];
    const kv = key[v];
    let j = i - 1;
    while (j >= 0 && key[idx[j]] > kv) {
      idx[j + 1] = idx[j];
      j--;
    }
    idx[j + 1] = v;
  }
}

import type { PlaneEvaluator } from './planeEvaluator';
import type { TwoLayerProjections } from './twoLayerProjections';

/**
 * twoLayerPiecewiseEvaluator (see there for the algorithm and its accuracy argument)
 * specialised to one output, the common case, and tuned for V8:
 * - whether a unit switches on or off along α is the sign of zu, which does not depend on β,
 *   so each sample's units are grouped once ([zu = 0 | zu > 0 | zu < 0]) and the key loops
 *   have no sign branches;
 * - the switch point α = −c/s = t0 + β·w is precomputed per sample and unit (no division);
 * - each group's order by switch column is kept from row to row: switch points move linearly
 *   with β, so the previous order is nearly sorted and insertion sort costs O(m).
 */
export function singleOutputPiecewiseEvaluator(
  p: TwoLayerProjections,
  Y: Float64Array,
  alwaysActive: boolean,
): PlaneEvaluator {
  const N = p.count;
  const m = p.width;
  const { z0, zu, zv } = p;
  const order = new Int32Array(N * m);
  const flatEnd = new Int32Array(N);
  const plusEnd = new Int32Array(N);
  for (let n = 0; n < N; n++) {
    let at = n * m;
    const group = (keep: (s: number) => boolean): void => {
      for (let j = 0; j < m; j++) if (keep(zu[n * m + j])) order[at++] = j;
    };
    if (alwaysActive) group(() => true);
    else group((s) => s === 0);
    flatEnd[n] = at;
    if (!alwaysActive) group((s) => s > 0);
    plusEnd[n] = at;
    if (!alwaysActive) group((s) => !(s >= 0));
  }
  const t0 = new Float64Array(N * m);
  const w = new Float64Array(N * m);
  for (let i = 0; i < N * m; i++) {
    const s = zu[i];
    if (s !== 0) {
      t0[i] = -z0[i] / s;
      w[i] = -zv[i] / s;
    }
  }
  const scratch: Scratch = {
    A: new Float64Array(m),
    q0: new Float64Array(m),
    q1: new Float64Array(m),
    q2: new Float64Array(m),
    key: new Int32Array(m),
    s0: new Float64Array(m + 1),
    s1: new Float64Array(m + 1),
    s2: new Float64Array(m + 1),
  };
  const geometry: Geometry = { N, m, z0, zu, zv, t0, w, au: p.au, Y, order, flatEnd, plusEnd, alwaysActive };
  let acc = new Float64Array(0);

  function row(beta: number, alpha0: number, dAlpha: number, count: number, out: Float64Array, offset: number): void {
    if (acc.length < count) acc = new Float64Array(count);
    acc.fill(0, 0, count);
    for (let j = 0; j < m; j++) scratch.A[j] = p.a0[j] + beta * p.av[j];
    const bias0 = p.b0[0] + beta * p.bv[0];
    accumulateRow(geometry, scratch, bias0, p.bu[0], beta, alpha0, dAlpha, count, acc);
    for (let col = 0; col < count; col++) out[offset + col] = acc[col] / N;
  }

  return { path: 'two-layer-piecewise', row };
}

interface Geometry {
  readonly N: number;
  readonly m: number;
  readonly z0: Float64Array;
  readonly zu: Float64Array;
  readonly zv: Float64Array;
  readonly t0: Float64Array;
  readonly w: Float64Array;
  readonly au: Float64Array;
  readonly Y: Float64Array;
  /** Per sample n, order[n·m …): units with zu = 0 up to flatEnd[n], zu > 0 up to plusEnd[n], then zu < 0. */
  readonly order: Int32Array;
  readonly flatEnd: Int32Array;
  readonly plusEnd: Int32Array;
  readonly alwaysActive: boolean;
}

interface Scratch {
  readonly A: Float64Array;
  readonly q0: Float64Array;
  readonly q1: Float64Array;
  readonly q2: Float64Array;
  readonly key: Int32Array;
  readonly s0: Float64Array;
  readonly s1: Float64Array;
  readonly s2: Float64Array;
}

/** acc[col] += Σₙ rₙ(α_col)² along one row. */
function accumulateRow(
  g: Geometry,
  scratch: Scratch,
  bias0: number,
  bias1: number,
  beta: number,
  alpha0: number,
  dAlpha: number,
  count: number,
  acc: Float64Array,
): void {
  const { N, m, z0, zu, zv, t0, w, au, Y, order, flatEnd, plusEnd, alwaysActive } = g;
  const { A, q0, q1, q2, key, s0, s1, s2 } = scratch;
  const invStep = count > 1 ? 1 / dAlpha : 1;
  for (let n = 0; n < N; n++) {
    const zo = n * m;
    const fEnd = flatEnd[n];
    const pEnd = plusEnd[n];
    const mEnd = zo + m;
    for (let j = 0; j < m; j++) {
      const c = z0[zo + j] + beta * zv[zo + j];
      const s = zu[zo + j];
      const a = A[j];
      const b = au[j];
      q0[j] = a * c;
      q1[j] = a * s + b * c;
      q2[j] = b * s;
    }
    for (let i = zo; i < fEnd; i++) {
      const j = order[i];
      key[j] = alwaysActive || z0[zo + j] + beta * zv[zo + j] > 0 ? 0 : count;
    }
    // Switching on: first column with α > t; switching off: one past the last column with α < t.
    for (let i = fEnd; i < pEnd; i++) {
      const j = order[i];
      const x = Math.floor((t0[zo + j] + beta * w[zo + j] - alpha0) * invStep) + 1;
      key[j] = Math.min(Math.max(x, 0), count);
    }
    for (let i = pEnd; i < mEnd; i++) {
      const j = order[i];
      const x = Math.ceil((t0[zo + j] + beta * w[zo + j] - alpha0) * invStep);
      key[j] = Math.min(Math.max(x, 0), count);
    }
    sortByKey(order, zo, pEnd, key);
    sortByKey(order, pEnd, mEnd, key);
    // s[t] = Σ coefficients of the switching-off units order[pEnd + t …], i.e. those still on.
    const nm = mEnd - pEnd;
    s0[nm] = 0;
    s1[nm] = 0;
    s2[nm] = 0;
    for (let t = nm - 1; t >= 0; t--) {
      const j = order[pEnd + t];
      s0[t] = q0[j] + s0[t + 1];
      s1[t] = q1[j] + s1[t + 1];
      s2[t] = q2[j] + s2[t + 1];
    }
    let r0 = bias0 - Y[n];
    let r1 = bias1;
    let r2 = 0;
    let ip = zo;
    let im = 0;
    let k = 0;
    while (k < count) {
      while (ip < pEnd && key[order[ip]] <= k) {
        const j = order[ip];
        r0 += q0[j];
        r1 += q1[j];
        r2 += q2[j];
        ip++;
      }
      while (im < nm && key[order[pEnd + im]] <= k) im++;
      let end = count;
      if (ip < pEnd) end = Math.min(end, key[order[ip]]);
      if (im < nm) end = Math.min(end, key[order[pEnd + im]]);
      const c0 = r0 + s0[im];
      const c1 = r1 + s1[im];
      const c2 = r2 + s2[im];
      for (let col = k; col < end; col++) {
        const a = alpha0 + col * dAlpha;
        const f = c0 + a * (c1 + a * c2);
        acc[col] = acc[col] + f * f;
      }
      k = end;
    }
  }
}

/** Insertion sort of idx[begin … end) by (key[idx], idx) (O(m) when nearly sorted). */
function sortByKey(idx: Int32Array, begin: number, end: number, key: Int32Array): void {
  for (let i = begin + 1; i < end; i++) {
    const v = idx[i];
    const kv = key[v];
    let j = i - 1;
    // Ties broken by unit index: the order, and so the rounding of the sums, must not depend on
    // which rows were computed before (worker splits must give bit-identical grids).
    while (j >= begin && (key[idx[j]] > kv || (key[idx[j]] === kv && idx[j] > v))) {
      idx[j + 1] = idx[j];
      j--;
    }
    idx[j + 1] = v;
  }
}

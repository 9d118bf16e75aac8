/**
 * Scalar fast path for loss and gradient of d → m → 1 networks (identity output), tested against
 * the general BatchedNetwork. Inputs are stored column-major once; units are processed in the
 * outer loop and samples in the inner loop so that per-unit sums live in registers.
 * For relu with d ≤ 2 the kernel is fully unrolled, four units at a time, branch-free
 * (`z * +(z > 0)`: a data-dependent `?:` mispredicts once θ changes between calls), and uses
 * positive homogeneity: ∂L/∂a_j = (2/N) Σₙ rₙ hⱼ(xₙ) = w̃ⱼ · (2/N) Σ_{n: zⱼₙ>0} rₙ x̃ₙ.
 * softplus, sigmoid and tanh use the fused one-pass unit loops of twoLayerSmooth.ts.
 * Every pass runs over a sample range [s, e) of the current sample order (`reorder`), so that
 * minibatch trainers reuse one evaluator; the loss of a range is the mean over that range.
 */
import { applyActivation } from '../../core/activationArrays';
import { isSmoothFused, smoothUnitBackward, smoothUnitForward, type SmoothActivation } from './twoLayerSmooth';
import type { TwoLayerShape } from './twoLayerShape';
import type { Dataset } from '../../core/types';

export class TwoLayerScalarLoss {
  private readonly N: number;
  private readonly d: number;
  private readonly m: number;
  private readonly relu2: boolean;
  /** The fused smooth activation, or null for the generic path. */
  private readonly smooth: SmoothActivation | null;
  /** Zeros, the x1 column of d = 1 networks and of the fused d > 2 path. */
  private readonly zeros: Float64Array;
  /** Column-major inputs: X_i is Xc[i·N … (i+1)·N). x0, x1 are its first two columns (zeros if d = 1). */
  private readonly Xc: Float64Array;
  private readonly x0: Float64Array;
  private readonly x1: Float64Array;
  private readonly y: Float64Array;
  private readonly f: Float64Array;
  private readonly rx0: Float64Array;
  private readonly rx1: Float64Array;
  private readonly z: Float64Array;
  /** hⱼ(xₙ) and σ'(zⱼₙ), row j at [j·N, (j+1)·N), allocated on the first gradient call. */
  private H: Float64Array[] | null = null;
  private S: Float64Array[] | null = null;
  private readonly h: Float64Array;
  private readonly sums: Float64Array;

  constructor(
    private readonly shape: TwoLayerShape,
    private readonly data: Dataset,
  ) {
    const N = data.count;
    const d = shape.inputDim;
    this.N = N;
    this.d = d;
    this.m = shape.width;
    this.relu2 = shape.activation === 'relu' && d <= 2;
    this.smooth = isSmoothFused(shape.activation) ? shape.activation : null;
    this.zeros = new Float64Array(N);
    this.Xc = new Float64Array(d * N);
    this.x0 = this.Xc.subarray(0, N);
    this.x1 = d >= 2 ? this.Xc.subarray(N, 2 * N) : this.zeros;
    this.y = new Float64Array(N);
    this.reorder(null);
    this.f = new Float64Array(N);
    this.rx0 = new Float64Array(N);
    this.rx1 = new Float64Array(N);
    this.z = new Float64Array(N);
    this.h = new Float64Array(N);
    this.sums = new Float64Array(3 * this.m);
  }

  /** Lays the samples out in the given order (position i ← sample order[i]; null: identity). */
  reorder(order: ArrayLike<number> | null): void {
    const { N, d, Xc, y, data } = this;
    for (let n = 0; n < N; n++) {
      const src = order ? order[n] : n;
      for (let i = 0; i < d; i++) Xc[i * N + n] = data.X[src * d + i];
      y[n] = data.Y[src];
    }
  }

  loss(theta: Float64Array, s = 0, e = this.N): number {
    this.forward(theta, false, s, e);
    const { f, y } = this;
    let sum = 0;
    for (let n = s; n < e; n++) {
      const r = f[n] - y[n];
      sum += r * r;
    }
    return sum / (e - s);
  }

  lossAndGradient(theta: Float64Array, grad: Float64Array, s = 0, e = this.N): number {
    this.forward(theta, true, s, e);
    const { f, y, x0, x1, rx0, rx1 } = this;
    let sum = 0;
    let sr = 0;
    for (let n = s; n < e; n++) {
      const r = f[n] - y[n];
      sum += r * r;
      sr += r;
      f[n] = r;
      rx0[n] = r * x0[n];
      rx1[n] = r * x1[n];
    }
    const k = 2 / (e - s);
    if (this.shape.c >= 0) grad[this.shape.c] = k * sr;
    if (this.relu2) this.backwardRelu2(theta, grad, k, s, e);
    else if (this.smooth && this.d <= 2) this.backwardSmooth2(theta, grad, k, s, e);
    else this.backwardGeneric(theta, grad, k, s, e);
    return sum / (e - s);
  }

  /** f ← network outputs on [s, e); with `keep`, the non-relu paths also store hⱼ(xₙ) and σ'(zⱼₙ). */
  private forward(theta: Float64Array, keep: boolean, s: number, e: number): void {
    const { shape, f } = this;
    f.fill(shape.c >= 0 ? theta[shape.c] : 0, s, e);
    if (this.relu2) this.forwardRelu2(theta, s, e);
    else if (this.smooth) this.forwardSmooth(this.smooth, theta, keep, s, e);
    else this.forwardGeneric(theta, keep, s, e);
  }

  private ensureStore(): void {
    if (this.H) return;
    const { m, N } = this;
    const H = new Float64Array(m * N);
    const S = new Float64Array(m * N);
    this.H = Array.from({ length: m }, (_, j) => H.subarray(j * N, (j + 1) * N));
    this.S = Array.from({ length: m }, (_, j) => S.subarray(j * N, (j + 1) * N));
  }

  private forwardSmooth(act: SmoothActivation, theta: Float64Array, keep: boolean, s: number, e: number): void {
    const { m, d, f, x0, x1, zeros } = this;
    if (keep) this.ensureStore();
    for (let j = 0; j < m; j++) {
      const H = keep ? this.H![j] : null;
      const S = keep ? this.S![j] : null;
      const [w0, w1, b, a] = this.unit(theta, j);
      if (d <= 2) smoothUnitForward(act, w0, w1, b, a, x0, x1, s, e, f, H, S);
      else smoothUnitForward(act, 1, 0, 0, a, this.preActivation(theta, j, s, e), zeros, s, e, f, H, S);
    }
  }

  private backwardSmooth2(theta: Float64Array, grad: Float64Array, k: number, s: number, e: number): void {
    const { shape, d, m, f: r, x0, x1, sums } = this;
    for (let j = 0; j < m; j++) {
      smoothUnitBackward(r, this.H![j], this.S![j], x0, x1, s, e, sums, 0);
      const ka = k * theta[shape.a + j];
      grad[shape.a + j] = k * sums[0];
      grad[shape.w + j * d] = ka * sums[1];
      if (d >= 2) grad[shape.w + j * d + 1] = ka * sums[2];
      if (shape.b >= 0) grad[shape.b + j] = ka * sums[3];
    }
  }

  private unit(theta: Float64Array, j: number): [number, number, number, number] {
    const { shape, d } = this;
    return [
      theta[shape.w + j * d],
      d >= 2 ? theta[shape.w + j * d + 1] : 0,
      shape.b >= 0 ? theta[shape.b + j] : 0,
      theta[shape.a + j],
    ];
  }

  private forwardRelu2(theta: Float64Array, s: number, e: number): void {
    const { x0, x1, f, m } = this;
    let j = 0;
    for (; j + 4 <= m; j += 4) {
      const [p0, p1, pb, pa] = this.unit(theta, j);
      const [q0, q1, qb, qa] = this.unit(theta, j + 1);
      const [s0, s1, sb, sa] = this.unit(theta, j + 2);
      const [t0, t1, tb, ta] = this.unit(theta, j + 3);
      for (let n = s; n < e; n++) {
        const u = x0[n];
        const v = x1[n];
        const zp = p0 * u + p1 * v + pb;
        const zq = q0 * u + q1 * v + qb;
        const zs = s0 * u + s1 * v + sb;
        const zt = t0 * u + t1 * v + tb;
        f[n] += pa * (zp * +(zp > 0)) + qa * (zq * +(zq > 0)) + sa * (zs * +(zs > 0)) + ta * (zt * +(zt > 0));
      }
    }
    for (; j < m; j++) {
      const [p0, p1, pb, pa] = this.unit(theta, j);
      for (let n = s; n < e; n++) {
        const zp = p0 * x0[n] + p1 * x1[n] + pb;
        f[n] += pa * (zp * +(zp > 0));
      }
    }
  }

  private backwardRelu2(theta: Float64Array, grad: Float64Array, k: number, s: number, e: number): void {
    const { x0, x1, f: r, rx0, rx1, m, sums } = this;
    let j = 0;
    for (; j + 4 <= m; j += 4) {
      const [p0, p1, pb] = this.unit(theta, j);
      const [q0, q1, qb] = this.unit(theta, j + 1);
      const [s0, s1, sb] = this.unit(theta, j + 2);
      const [t0, t1, tb] = this.unit(theta, j + 3);
      let pu = 0, pv = 0, pr = 0, qu = 0, qv = 0, qr = 0;
      let su = 0, sv = 0, sr = 0, tu = 0, tv = 0, tr = 0;
      for (let n = s; n < e; n++) {
        const u = x0[n];
        const v = x1[n];
        const rn = r[n];
        const ru = rx0[n];
        const rv = rx1[n];
        const kp = +(p0 * u + p1 * v + pb > 0);
        const kq = +(q0 * u + q1 * v + qb > 0);
        const ks = +(s0 * u + s1 * v + sb > 0);
        const kt = +(t0 * u + t1 * v + tb > 0);
        pu += kp * ru; pv += kp * rv; pr += kp * rn;
        qu += kq * ru; qv += kq * rv; qr += kq * rn;
        su += ks * ru; sv += ks * rv; sr += ks * rn;
        tu += kt * ru; tv += kt * rv; tr += kt * rn;
      }
      sums[3 * j] = pu; sums[3 * j + 1] = pv; sums[3 * j + 2] = pr;
      sums[3 * j + 3] = qu; sums[3 * j + 4] = qv; sums[3 * j + 5] = qr;
      sums[3 * j + 6] = su; sums[3 * j + 7] = sv; sums[3 * j + 8] = sr;
      sums[3 * j + 9] = tu; sums[3 * j + 10] = tv; sums[3 * j + 11] = tr;
    }
    for (; j < m; j++) {
      const [p0, p1, pb] = this.unit(theta, j);
      let pu = 0, pv = 0, pr = 0;
      for (let n = s; n < e; n++) {
        const kp = +(p0 * x0[n] + p1 * x1[n] + pb > 0);
        pu += kp * rx0[n]; pv += kp * rx1[n]; pr += kp * r[n];
      }
      sums[3 * j] = pu; sums[3 * j + 1] = pv; sums[3 * j + 2] = pr;
    }
    this.writeReluGradient(theta, grad, k);
  }

  /** From sⱼ = Σ_{active} rₙ (x₀, x₁, 1): ∂W = k·aⱼ·sⱼ, ∂b = k·aⱼ·sⱼ₂, ∂aⱼ = k·w̃ⱼ·sⱼ. */
  private writeReluGradient(theta: Float64Array, grad: Float64Array, k: number): void {
    const { shape, d, m, sums } = this;
    for (let j = 0; j < m; j++) {
      const [w0, w1, b, a] = this.unit(theta, j);
      const su = sums[3 * j], sv = sums[3 * j + 1], sr = sums[3 * j + 2];
      grad[shape.w + j * d] = k * a * su;
      if (d >= 2) grad[shape.w + j * d + 1] = k * a * sv;
      if (shape.b >= 0) grad[shape.b + j] = k * a * sr;
      grad[shape.a + j] = k * (w0 * su + w1 * sv + b * sr);
    }
  }

  /** z[s…e) ← w̃ⱼ·x̃ₙ. */
  private preActivation(theta: Float64Array, j: number, s: number, e: number): Float64Array {
    const { shape, d, N, Xc, z } = this;
    z.fill(shape.b >= 0 ? theta[shape.b + j] : 0, s, e);
    for (let i = 0; i < d; i++) {
      const w = theta[shape.w + j * d + i];
      const off = i * N;
      for (let n = s; n < e; n++) z[n] += w * Xc[off + n];
    }
    return z;
  }

  private forwardGeneric(theta: Float64Array, keep: boolean, s: number, e: number): void {
    const { shape, m, f } = this;
    if (keep) this.ensureStore();
    for (let j = 0; j < m; j++) {
      const z = this.preActivation(theta, j, s, e);
      const a = theta[shape.a + j];
      const h = keep ? this.H![j] : this.h;
      // applyActivation works on a prefix: shift the views so that the range starts at 0
      applyActivation(shape.activation, z.subarray(s, e), e - s, h.subarray(s, e), keep ? this.S![j].subarray(s, e) : null);
      for (let n = s; n < e; n++) f[n] += a * h[n];
    }
  }

  private backwardGeneric(theta: Float64Array, grad: Float64Array, k: number, s: number, e: number): void {
    const { shape, d, m, N, Xc, f: r, z: t } = this;
    for (let j = 0; j < m; j++) {
      const H = this.H![j];
      const S = this.S![j];
      let sh = 0;
      let st = 0;
      for (let n = s; n < e; n++) {
        const rn = r[n];
        sh += rn * H[n];
        const tn = rn * S[n];
        t[n] = tn;
        st += tn;
      }
      const ka = k * theta[shape.a + j];
      grad[shape.a + j] = k * sh;
      if (shape.b >= 0) grad[shape.b + j] = ka * st;
      for (let i = 0; i < d; i++) {
        const col = i * N;
        let sum = 0;
        for (let n = s; n < e; n++) sum += t[n] * Xc[col + n];
        grad[shape.w + j * d + i] = ka * sum;
      }
    }
  }
}

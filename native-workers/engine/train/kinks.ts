/**
 * The active kink manifold of a two-layer ReLU network: samples n held on the hyperplane of
 * hidden unit j, zⱼₙ = wⱼ·xₙ + bⱼ = −δⱼₙ (linear constraints cₖ·θ = −δₖ with cₖ = [xₙ, 1] on unit
 * j's incoming weights and bias). δₖ = 1e-12·(‖wⱼ‖‖xₙ‖ + |bⱼ|) puts the sample a hair on the
 * inactive side, so every loss kernel evaluates relu'(z) = 0 there regardless of rounding.
 *
 * Filippov sliding (notes/relu-gradient-flow.md): on the manifold the flow is
 * f = −S(g + C·diag(κ)·t) with t chosen so that Cᵀf = 0, i.e. f = −Π S g,
 * Π = I − S C (CᵀSC)⁻¹ Cᵀ (constant: C depends only on the data). It is a valid sliding motion
 * while every tₖ = −λₖ/κₖ ∈ [0,1], λ = (CᵀSC)⁻¹CᵀSg, κₖ = (2/N)·rₙ·aⱼ the jump of the gradient.
 */
import { cholesky, choleskySolve } from '../linalg/solve';
import { layerOffsets } from '../core/layout';
import type { Architecture, Dataset } from '../core/types';

export interface KinkConstraint {
  readonly unit: number;
  readonly sample: number;
}

export class KinkManifold {
  readonly active: KinkConstraint[] = [];
  private readonly P: number;
  private readonly d: number;
  private readonly m: number;
  private readonly k: number;
  private readonly w0: number;
  private readonly b0: number;
  private readonly w1: number;
  private readonly b1: number;
  private columns: Float64Array[] = [];
  private chol: Float64Array | null = null; // Cholesky of CᵀSC
  private cholPlain: Float64Array | null = null; // Cholesky of CᵀC

  static supported(architecture: Architecture): boolean {
    const [hidden, out, extra] = architecture.layers;
    return !extra && !!hidden && !!out && hidden.activation === 'relu' && out.activation === 'identity';
  }

  constructor(
    architecture: Architecture,
    private readonly data: Dataset,
    private readonly scale?: Float64Array,
  ) {
    const offsets = layerOffsets(architecture);
    const [hidden, out] = architecture.layers as [Architecture['layers'][0], Architecture['layers'][0]];
    this.d = hidden.inputs;
    this.m = hidden.outputs;
    this.k = out.outputs;
    this.w0 = offsets[0].weight;
    this.b0 = offsets[0].bias;
    this.w1 = offsets[1].weight;
    this.b1 = offsets[1].bias;
    this.P = offsets[1].end;
  }

  get size(): number {
    return this.active.length;
  }

  has(c: KinkConstraint): boolean {
    return this.active.some((a) => a.unit === c.unit && a.sample === c.sample);
  }

  /** Adds a constraint if it is independent of the active ones; returns whether it was added. */
  add(c: KinkConstraint): boolean {
    if (this.has(c)) return false;
    const col = this.column(c);
    const trial = [...this.columns, col];
    const gram = this.gram(trial, false);
    const K = trial.length;
    const L = cholesky(gram, K);
    if (!L) return false;
    // Reject near-dependence: the smallest pivot relative to the column norm.
    const last = L[(K - 1) * K + (K - 1)];
    if (last < 1e-6 * Math.sqrt(gram[(K - 1) * K + (K - 1)])) return false;
    this.active.push(c);
    this.columns = trial;
    this.refactor();
    return true;
  }

  remove(index: number): void {
    this.active.splice(index, 1);
    this.columns.splice(index, 1);
    this.refactor();
  }

  clear(): void {
    this.active.length = 0;
    this.columns = [];
    this.refactor();
  }

  /** Pre-activation of unit j on sample n. */
  z(theta: Float64Array, unit: number, sample: number): number {
    let s = this.b0 >= 0 ? theta[this.b0 + unit] : 0;
    for (let i = 0; i < this.d; i++) s += theta[this.w0 + unit * this.d + i] * this.data.X[sample * this.d + i];
    return s;
  }

  private offset(theta: Float64Array, c: KinkConstraint): number {
    let w = 0;
    let x = 0;
    for (let i = 0; i < this.d; i++) {
      w += theta[this.w0 + c.unit * this.d + i] ** 2;
      x += this.data.X[c.sample * this.d + i] ** 2;
    }
    const b = this.b0 >= 0 ? Math.abs(theta[this.b0 + c.unit]) : 0;
    return 1e-12 * (Math.sqrt(w * x) + b) + 1e-300;
  }

  /** Moves θ (minimal Euclidean change) onto the manifold: zₖ = −δₖ for every active k. */
  projectPoint(theta: Float64Array): void {
    const K = this.columns.length;
    if (K === 0) return;
    const rhs = new Float64Array(K);
    for (let a = 0; a < K; a++) {
      const c = this.active[a];
      rhs[a] = this.z(theta, c.unit, c.sample) + this.offset(theta, c);
    }
    const lam = choleskySolve(this.cholPlain!, K, rhs);
    for (let a = 0; a < K; a++) axpy(-lam[a], this.columns[a], theta);
  }

  /** v ← Π v = v − S C (CᵀSC)⁻¹ Cᵀ v. */
  projectVector(v: Float64Array): void {
    const K = this.columns.length;
    if (K === 0) return;
    const ct = new Float64Array(K);
    for (let a = 0; a < K; a++) ct[a] = dot(this.columns[a], v);
    const lam = choleskySolve(this.chol!, K, ct);
    for (let a = 0; a < K; a++) {
      const col = this.columns[a];
      for (let p = 0; p < this.P; p++) if (col[p] !== 0) v[p] -= lam[a] * (this.scale ? this.scale[p] : 1) * col[p];
    }
  }

  /** M ← Π M for a row-major P×P matrix. */
  projectMatrix(M: Float64Array): void {
    const K = this.columns.length;
    if (K === 0) return;
    const P = this.P;
    const col = new Float64Array(P);
    for (let j = 0; j < P; j++) {
      for (let i = 0; i < P; i++) col[i] = M[i * P + j];
      this.projectVector(col);
      for (let i = 0; i < P; i++) M[i * P + j] = col[i];
    }
  }

  /** Jump κₖ = (2/N)·Σₒ rₙₒ·W₂[o, j] of ∂L across the kink of constraint c. */
  kappa(theta: Float64Array, c: KinkConstraint): number {
    const { d, m, k } = this;
    const X = this.data.X;
    const n = c.sample;
    let s = 0;
    for (let o = 0; o < k; o++) {
      let f = this.b1 >= 0 ? theta[this.b1 + o] : 0;
      for (let j = 0; j < m; j++) {
        let z = this.b0 >= 0 ? theta[this.b0 + j] : 0;
        for (let i = 0; i < d; i++) z += theta[this.w0 + j * d + i] * X[n * d + i];
        if (z > 0) f += theta[this.w1 + o * m + j] * z;
      }
      s += (f - this.data.Y[n * k + o]) * theta[this.w1 + o * m + c.unit];
    }
    return (2 / this.data.count) * s;
  }

  /**
   * Filippov multipliers tₖ (position between the inactive (0) and active (1) one-sided gradients)
   * for the gradient g computed with every active sample inactive.
   */
  multipliers(theta: Float64Array, g: Float64Array): Float64Array {
    const K = this.columns.length;
    const rhs = new Float64Array(K);
    for (let a = 0; a < K; a++) {
      const col = this.columns[a];
      let s = 0;
      for (let p = 0; p < this.P; p++) if (col[p] !== 0) s += col[p] * (this.scale ? this.scale[p] : 1) * g[p];
      rhs[a] = s;
    }
    const lam = K > 0 ? choleskySolve(this.chol!, K, rhs) : rhs;
    const t = new Float64Array(K);
    for (let a = 0; a < K; a++) t[a] = -lam[a] / this.kappa(theta, this.active[a]);
    return t;
  }

  /**
   * Does the flow slide on the kink of c? With f = −Sg the current field (g on the side the
   * sample is on), both one-sided fields must point into the hyperplane.
   */
  slides(theta: Float64Array, f: Float64Array, c: KinkConstraint): boolean {
    const col = this.column(c);
    let rate = 0;
    let cSc = 0;
    for (let p = 0; p < this.P; p++) {
      if (col[p] === 0) continue;
      rate += col[p] * f[p];
      cSc += col[p] * col[p] * (this.scale ? this.scale[p] : 1);
    }
    const jump = -this.kappa(theta, c) * cSc; // rate on the active side minus rate on the inactive side
    const z = this.z(theta, c.unit, c.sample);
    const inactiveRate = z > 0 ? rate - jump : rate;
    const activeRate = z > 0 ? rate : rate + jump;
    return inactiveRate > 0 && activeRate < 0;
  }

  /**
   * Samples whose pre-activation changes sign between θ and θ + Δ (not already active), in the
   * order they are met along the segment (fraction ∈ [0,1] of the way, z being linear in θ).
   */
  crossings(theta: Float64Array, delta: Float64Array): (KinkConstraint & { readonly fraction: number })[] {
    const out: (KinkConstraint & { fraction: number })[] = [];
    const { d, m, w0, b0 } = this;
    const X = this.data.X;
    const N = this.data.count;
    for (let j = 0; j < m; j++) {
      const b = b0 >= 0 ? theta[b0 + j] : 0;
      const db = b0 >= 0 ? delta[b0 + j] : 0;
      if (d === 2) {
        // The common case (2-D inputs), unrolled: this runs after every accepted flow step.
        const wa = theta[w0 + 2 * j];
        const wb = theta[w0 + 2 * j + 1];
        const da = delta[w0 + 2 * j];
        const dbb = delta[w0 + 2 * j + 1];
        for (let n = 0; n < N; n++) {
          const x0 = X[2 * n];
          const x1 = X[2 * n + 1];
          const z = wa * x0 + wb * x1 + b;
          const dz = da * x0 + dbb * x1 + db;
          if (z > 0 !== z + dz > 0) this.pushCrossing(out, j, n, z, dz);
        }
        continue;
      }
      for (let n = 0; n < N; n++) {
        let z = b;
        let dz = db;
        for (let i = 0; i < d; i++) {
          z += theta[w0 + j * d + i] * X[n * d + i];
          dz += delta[w0 + j * d + i] * X[n * d + i];
        }
        if (z > 0 !== z + dz > 0) this.pushCrossing(out, j, n, z, dz);
      }
    }
    return out.sort((a, b) => a.fraction - b.fraction);
  }

  private pushCrossing(out: (KinkConstraint & { fraction: number })[], unit: number, sample: number, z: number, dz: number): void {
    if (this.has({ unit, sample })) return;
    out.push({ unit, sample, fraction: dz !== 0 ? Math.min(1, Math.max(0, -z / dz)) : 0 });
  }

  /**
   * Among candidate crossings (in the order met), join the first one on which the field f
   * (= −S∇L at θ) slides. Returns it, or null. θ is not moved: call projectPoint.
   */
  joinFirstSliding(theta: Float64Array, f: Float64Array, candidates: readonly KinkConstraint[]): KinkConstraint | null {
    for (const c of candidates) {
      if (this.has(c) || !this.slides(theta, f, c)) continue;
      if (this.add({ unit: c.unit, sample: c.sample })) return c;
    }
    return null;
  }

  private column(c: KinkConstraint): Float64Array {
    const v = new Float64Array(this.P);
    for (let i = 0; i < this.d; i++) v[this.w0 + c.unit * this.d + i] = this.data.X[c.sample * this.d + i];
    if (this.b0 >= 0) v[this.b0 + c.unit] = 1;
    return v;
  }

  private gram(columns: Float64Array[], scaled: boolean): Float64Array {
    const K = columns.length;
    const G = new Float64Array(K * K);
    for (let a = 0; a < K; a++)
      for (let b = 0; b <= a; b++) {
        let s = 0;
        const ca = columns[a];
        const cb = columns[b];
        for (let p = 0; p < this.P; p++) if (ca[p] !== 0) s += ca[p] * cb[p] * (scaled && this.scale ? this.scale[p] : 1);
        G[a * K + b] = G[b * K + a] = s;
      }
    return G;
  }

  private refactor(): void {
    for (;;) {
      const K = this.columns.length;
      this.chol = K > 0 ? cholesky(this.gram(this.columns, true), K) : null;
      this.cholPlain = K > 0 ? cholesky(this.gram(this.columns, false), K) : null;
      if (K === 0 || (this.chol && this.cholPlain)) return;
      // Numerically dependent set (should not happen after add's check): drop the newest.
      this.active.pop();
      this.columns.pop();
    }
  }
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function axpy(alpha: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i] += alpha * x[i];
}

/**
 * Index of the multiplier furthest outside [0, 1] (Clarke: a held kink needs μ ∈ [0, 1]), counting
 * only violations above `tolerance`; −1 when all are inside. Non-finite multipliers count as worst.
 */
export function worstMultiplier(multipliers: Float64Array, tolerance: number): number {
  let worst = -1;
  let worstBy = tolerance;
  for (let a = 0; a < multipliers.length; a++) {
    const v = multipliers[a];
    const by = Number.isFinite(v) ? Math.max(-v, v - 1) : Infinity;
    if (by > worstBy) {
      worst = a;
      worstBy = by;
    }
  }
  return worst;
}

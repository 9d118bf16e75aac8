/**
 * Non-smooth stationarity at ReLU kinks (notes/relu-gradient-flow.md).
 *
 * At a kink (unit j, sample n) with zⱼₙ = 0 the gradient jumps by κₖ·cₖ, κₖ = (2/N)·rₙ·aⱼ
 * (rₙ residual, aⱼ outgoing column of unit j) and cₖ = [xₙ, 1] placed on unit j's incoming
 * weights and bias. The Clarke generalized gradient is
 *   ∂L = { g₀ + Σₖ (μₖ − s₀)·κₖ·cₖ : μ ∈ [0,1]^K },
 * where g₀ is the gradient as computed (relu'(zₖ) = sₖ ∈ {0,1} on the side zₖ happens to be). The point is Clarke stationary when
 * 0 ∈ ∂L; we solve the box-constrained least squares for μ by cyclic coordinate descent.
 * Second order: the Hessian restricted to the kink manifold's tangent space (directions d with
 * cₖ·d = 0), which does not depend on the relu'(0) convention.
 * Convexity: across kink k, L ≈ L_smooth + κₖ·max(cₖ·d, 0) to first order, so the kink is convex
 * (a V) when κₖ > 0 and concave (a Λ) when κₖ < 0. Clarke stationarity at a concave kink is no
 * minimum: with g_s + μκc = 0, the directional derivative is κ(1 − μ)‖c‖² along +c and μκ‖c‖²
 * along −c, one of them < 0 for any μ ∈ [0,1]. Only "every active kink convex" certifies a minimum.
 * Implemented for two-layer networks (kinks in the only hidden layer, identity output layer).
 */
import { activation } from '../core/activations';
import { eigh } from '../linalg/eigh';
import { layerOffsets } from '../core/layout';
import type { Dataset, Network } from '../core/types';
import type { HiddenLayerState } from './units';
import type { ClarkeReport, KinkRef } from './types';

export function clarkeSupported(network: Network, kinks: readonly KinkRef[]): boolean {
  const { layers } = network.architecture;
  return layers.length === 2 && layers[1].activation === 'identity' && kinks.every((k) => k.layer === 0);
}

export interface ClarkeInput {
  readonly network: Network;
  readonly data: Dataset;
  readonly state: HiddenLayerState;
  readonly kinks: readonly KinkRef[];
  readonly gradient: Float64Array;
  readonly hessian: Float64Array;
  readonly gradThreshold: number;
  /** Called with the fraction done (the O(P³) steps: projector spectrum, reduced Hessian, its spectrum). */
  readonly onProgress?: (fraction: number) => void;
}

export interface ClarkeResult extends ClarkeReport {
  /** Orthonormal basis of the kink tangent space, P × (P − rank) column-major: column k at [k*P,(k+1)*P). */
  readonly tangentBasis: Float64Array;
  readonly tangentDim: number;
  /** Eigenvectors of the reduced Hessian, mapped back to θ-space (vector k at [k*P,(k+1)*P)). */
  readonly reducedVectors: Float64Array;
  /** max‖κₖcₖ‖: size of the largest gradient jump; ≈ 0 means the kinks are harmless. */
  readonly maxJump: number;
}

export function clarkeAnalysis(input: ClarkeInput): ClarkeResult {
  const { network, data, state, kinks, gradient, hessian, gradThreshold, onProgress } = input;
  const stage = (from: number, width: number) => (onProgress ? { onProgress: (f: number): void => onProgress(from + width * f) } : {});
  const arch = network.architecture;
  const [hidden, out] = arch.layers as [(typeof arch.layers)[0], (typeof arch.layers)[0]];
  const offsets = layerOffsets(arch);
  const theta = network.theta;
  const P = theta.length;
  const N = data.count;
  const m = hidden.outputs;
  const d = hidden.inputs;
  const k = out.outputs;
  const relu = activation('relu');

  // Residuals rₙ = f(xₙ) − yₙ of the two-layer net.
  const wOut = offsets[1].weight;
  const bOut = offsets[1].bias;
  const residual = new Float64Array(N * k);
  for (let n = 0; n < N; n++) {
    for (let o = 0; o < k; o++) {
      let f = bOut >= 0 ? theta[bOut + o] : 0;
      for (let j = 0; j < m; j++) f += theta[wOut + o * m + j] * state.A[n * m + j];
      residual[n * k + o] = f - data.Y[n * k + o];
    }
  }

  // Constraint vectors cₖ (sparse: d weights + bias of one unit) and jumps κₖ.
  interface Constraint {
    readonly unit: number;
    readonly sample: number;
    readonly kappa: number;
    /** relu'(z) the gradient was computed with on this sample (z is at, not exactly on, 0). */
    readonly side: number;
  }
  const constraints: Constraint[] = [];
  for (const kink of kinks) {
    for (const n of kink.samples) {
      let ra = 0;
      for (let o = 0; o < k; o++) ra += residual[n * k + o] * theta[wOut + o * m + kink.unit];
      constraints.push({ unit: kink.unit, sample: n, kappa: (2 / N) * ra, side: relu.d1(state.Z[n * m + kink.unit]) });
    }
  }
  const K = constraints.length;
  const w0 = offsets[0].weight;
  const b0 = offsets[0].bias;
  const dense = (c: Constraint): Float64Array => {
    const v = new Float64Array(P);
    for (let i = 0; i < d; i++) v[w0 + c.unit * d + i] = data.X[c.sample * d + i];
    if (b0 >= 0) v[b0 + c.unit] = 1;
    return v;
  };
  const columns = constraints.map(dense);

  // Box-constrained least squares min ‖g₀ + Σ uₖ κₖ cₖ‖, u = μ − sₖ ∈ [−sₖ, 1 − sₖ].
  const g = Float64Array.from(gradient);
  const u = new Float64Array(K);
  const colNorm2 = columns.map((c, i) => constraints[i].kappa ** 2 * dot(c, c));
  let maxJump = 0;
  for (const n2 of colNorm2) maxJump = Math.max(maxJump, Math.sqrt(n2));
  for (let sweep = 0; sweep < 20000 && K > 0; sweep++) {
    let change = 0;
    for (let i = 0; i < K; i++) {
      if (colNorm2[i] === 0) continue;
      const kappa = constraints[i].kappa;
      const col = columns[i];
      const target = u[i] - (kappa * dot(col, g)) / colNorm2[i];
      const side = constraints[i].side;
      const next = Math.min(1 - side, Math.max(-side, target));
      const delta = next - u[i];
      if (delta !== 0) {
        for (let p = 0; p < P; p++) g[p] += delta * kappa * col[p];
        u[i] = next;
        change = Math.max(change, Math.abs(delta));
      }
    }
    if (change < 1e-15) break;
  }
  const residualNorm = Math.sqrt(dot(g, g));
  const jumps = new Float64Array(K);
  let concaveKinks = 0;
  for (let i = 0; i < K; i++) {
    jumps[i] = Math.sign(constraints[i].kappa) * Math.sqrt(colNorm2[i]);
    if (jumps[i] < -gradThreshold) concaveKinks++;
  }
  const multipliers = new Float64Array(K);
  for (let i = 0; i < K; i++) multipliers[i] = u[i] + constraints[i].side;

  // Orthonormal basis of span{cₖ} (modified Gram–Schmidt, twice), then its complement.
  const basis: Float64Array[] = [];
  for (const c of columns) {
    const v = Float64Array.from(c);
    const norm0 = Math.sqrt(dot(v, v));
    for (let pass = 0; pass < 2; pass++) for (const q of basis) axpy(-dot(q, v), q, v);
    const norm = Math.sqrt(dot(v, v));
    if (norm > 1e-10 * norm0) {
      for (let p = 0; p < P; p++) v[p] /= norm;
      basis.push(v);
    }
  }
  const projector = new Float64Array(P * P);
  for (let i = 0; i < P; i++) projector[i * P + i] = 1;
  for (const q of basis) for (let i = 0; i < P; i++) for (let j = 0; j < P; j++) projector[i * P + j] -= q[i] * q[j];
  const pe = eigh(projector, P, { vectors: true, ...stage(0, 0.3) });
  const T = P - basis.length;
  const Z = new Float64Array(P * T);
  // Eigenvalues ascending: the last T (≈ 1) span the tangent space.
  Z.set(pe.vectors!.subarray((P - T) * P, P * P));

  // Reduced Hessian Zᵀ H Z.
  const HZ = new Float64Array(P * T);
  for (let c = 0; c < T; c++) {
    for (let i = 0; i < P; i++) {
      let s = 0;
      for (let j = 0; j < P; j++) s += hessian[i * P + j] * Z[c * P + j];
      HZ[c * P + i] = s;
    }
    if (onProgress && c % 16 === 0) onProgress(0.3 + (0.25 * c) / T);
  }
  const R = new Float64Array(T * T);
  for (let a = 0; a < T; a++) {
    for (let b = 0; b < T; b++) R[a * T + b] = dot(Z.subarray(a * P, (a + 1) * P), HZ.subarray(b * P, (b + 1) * P));
    if (onProgress && a % 16 === 0) onProgress(0.55 + (0.2 * a) / T);
  }
  for (let a = 0; a < T; a++) for (let b = a + 1; b < T; b++) R[a * T + b] = R[b * T + a] = 0.5 * (R[a * T + b] + R[b * T + a]);
  const re = T > 0 ? eigh(R, T, { vectors: true, ...stage(0.75, 0.25) }) : { values: new Float64Array(0), vectors: new Float64Array(0) };
  const reducedVectors = new Float64Array(T * P);
  for (let e = 0; e < T; e++) {
    for (let c = 0; c < T; c++) {
      const coef = re.vectors![e * T + c];
      if (coef !== 0) for (let p = 0; p < P; p++) reducedVectors[e * P + p] += coef * Z[c * P + p];
    }
  }
  return {
    constraints: K,
    residual: residualNorm,
    multipliers,
    reducedEigenvalues: re.values,
    stationary: residualNorm <= gradThreshold,
    jumps,
    concaveKinks,
    tangentBasis: Z,
    tangentDim: T,
    reducedVectors,
    maxJump,
  };
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function axpy(alpha: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i] += alpha * x[i];
}

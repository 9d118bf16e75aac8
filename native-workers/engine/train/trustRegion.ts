/**
 * Trust-region Newton with the exact Hessian. The subproblem min gᵀp + ½pᵀHp, ‖p‖ ≤ Δ is solved
 * exactly in the Hessian's eigenbasis (Moré & Sorensen 1983; Nocedal & Wright Alg. 4.3 with the
 * secular equation solved by safeguarded Newton on 1/‖p(μ)‖), including the "hard case" where g
 * has no component along the most negative eigenvector. Negative curvature is followed, so the
 * iteration leaves saddles instead of converging to them.
 * On a kink manifold the model uses Πg and ΠHΠ + σ(I − Π) (Π the orthogonal projector onto the
 * tangent space, σ above the spectrum), so steps never leave the manifold.
 */
import { eigh } from '../linalg/eigh';
import { worstMultiplier, type KinkManifold } from './kinks';
import { RunMonitor, norm } from './monitor';
import { TrajectoryRecorder } from './trajectory';
import type { CountingObjective } from './objective';
import {
  TrainError,
  type StopReason,
  type StoppingOptions,
  type TrainControl,
  type TrainResult,
  type TrajectoryOptions,
} from './types';

export interface TrustRegionOptions extends StoppingOptions, TrajectoryOptions, TrainControl {
  /** Starting radius. Default min(1, ‖θ₀‖ + 1). */
  readonly initialRadius?: number;
  readonly maxRadius?: number;
  /**
   * Two-layer ReLU nets: minimize on this kink manifold (kinks.ts, unit time scales). Steps that
   * cross a kink on which the negative gradient slides join it; constraints whose multiplier
   * leaves [0,1] are released.
   */
  readonly kinks?: KinkManifold;
}

export const TRUST_REGION_DEFAULTS = { maxSteps: 500, patience: 40, maxTime: Infinity };

export interface SubproblemStep {
  /** The step p. */
  readonly step: Float64Array;
  /** Model decrease −(gᵀp + ½pᵀHp) ≥ 0. */
  readonly predicted: number;
  /** True when the unconstrained Newton step was taken (inside the region, H ≻ 0). */
  readonly newton: boolean;
}

/** Exact trust-region step from the eigen-decomposition of H. */
export function trustRegionStep(values: Float64Array, vectors: Float64Array, g: Float64Array, radius: number): SubproblemStep {
  const n = values.length;
  const gt = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += vectors[k * n + i] * g[i];
    gt[k] = s;
  }
  const lmin = values[0];
  const gNorm = norm(g);
  const coords = new Float64Array(n);
  const normAt = (mu: number): number => {
    let s = 0;
    for (let k = 0; k < n; k++) {
      const d = values[k] + mu;
      if (d !== 0) s += (gt[k] / d) ** 2;
    }
    return Math.sqrt(s);
  };
  let newton = false;
  let mu: number;
  if (lmin > 0 && normAt(0) <= radius) {
    mu = 0;
    newton = true;
  } else {
    const lo0 = Math.max(0, -lmin);
    // Hard case: g ⟂ eigenspace of λmin and the shifted step is still inside the region.
    let hard = false;
    if (lmin <= 0) {
      let along = 0;
      for (let k = 0; k < n && values[k] <= lmin + 1e-12 * Math.abs(lmin); k++) along += gt[k] ** 2;
      if (Math.sqrt(along) <= 1e-10 * gNorm && normAt(lo0) <= radius) hard = true;
    }
    if (hard) {
      mu = lo0;
      let s = 0;
      for (let k = 0; k < n; k++) {
        const d = values[k] + mu;
        coords[k] = d > 1e-14 * Math.max(1, Math.abs(lmin)) ? -gt[k] / d : 0;
        s += coords[k] ** 2;
      }
      coords[0] = Math.sqrt(Math.max(0, radius * radius - s));
      return finish(values, vectors, gt, coords, false);
    }
    // Bracket μ in (lo0, hi]: ‖p(μ)‖ decreases from +∞ (or its value at lo0) to 0.
    let lo = lo0;
    let hi = lo0 + gNorm / radius + Math.abs(lmin) + 1e-300;
    while (normAt(hi) > radius) hi *= 2;
    mu = Math.max(lo0 + 1e-12 * Math.max(1, hi), hi * 0.5);
    for (let it = 0; it < 100; it++) {
      const pn = normAt(mu);
      const phi = 1 / radius - 1 / pn;
      if (Math.abs(pn - radius) <= 1e-10 * radius) break;
      if (phi > 0) lo = mu; // ‖p‖ > Δ: μ too small
      else hi = mu;
      // d/dμ (1/‖p‖) = (Σ gₖ²/(λₖ+μ)³)/‖p‖³
      let q = 0;
      for (let k = 0; k < n; k++) q += gt[k] ** 2 / (values[k] + mu) ** 3;
      const dphi = -q / pn ** 3;
      let next = mu - phi / dphi;
      if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
      if (next === mu) break;
      mu = next;
    }
  }
  for (let k = 0; k < n; k++) coords[k] = -gt[k] / (values[k] + mu);
  return finish(values, vectors, gt, coords, newton);
}

function finish(values: Float64Array, vectors: Float64Array, gt: Float64Array, coords: Float64Array, newton: boolean): SubproblemStep {
  const n = values.length;
  const step = new Float64Array(n);
  let model = 0;
  for (let k = 0; k < n; k++) {
    const c = coords[k];
    model += gt[k] * c + 0.5 * values[k] * c * c;
    if (c !== 0) for (let i = 0; i < n; i++) step[i] += c * vectors[k * n + i];
  }
  return { step, predicted: -model, newton };
}

export function trustRegionNewton(objective: CountingObjective, theta0: Float64Array, options: TrustRegionOptions = {}): TrainResult {
  const n = objective.dimension;
  if (theta0.length !== n) throw new TrainError(`theta0 has ${theta0.length} entries, expected ${n}`);
  const kinks = options.kinks;
  const monitor = new RunMonitor(theta0, options, TRUST_REGION_DEFAULTS, options, 'trust-region');
  const recorder = new TrajectoryRecorder('step', monitor.maxSteps, options);
  const maxRadius = options.maxRadius ?? 1e3;
  let radius = options.initialRadius ?? Math.min(1, norm(theta0) + 1);
  const notes: string[] = [];

  let theta = Float64Array.from(theta0);
  if (kinks) kinks.projectPoint(theta);
  let trial = new Float64Array(n);
  let grad = new Float64Array(n);
  let trialGrad = new Float64Array(n);
  const modelGrad = new Float64Array(n);
  /** Gradient seen by the model: ∇L, projected onto the kink manifold's tangent space. */
  const reduce = (g: Float64Array): number => {
    modelGrad.set(g);
    if (kinks && kinks.size > 0) kinks.projectVector(modelGrad);
    return norm(modelGrad);
  };
  let loss = objective.lossAndGradient(theta, grad);
  let gradNorm = reduce(grad);
  recorder.record(0, loss, theta);
  let stop: StopReason | null = monitor.observe(0, 0, theta, loss, gradNorm);
  let step = 0;
  let fresh = true;
  let rejections = 0;
  let values: Float64Array = new Float64Array(0);
  let vectors: Float64Array = new Float64Array(0);
  while (stop === null) {
    if (fresh) {
      const H = modelHessian(objective.hessian(theta), n, kinks);
      const e = eigh(H, n, { vectors: true });
      values = e.values;
      vectors = e.vectors!;
    }
    const radiusUsed = radius;
    const sub = trustRegionStep(values, vectors, modelGrad, radius);
    const pNorm = norm(sub.step);
    for (let i = 0; i < n; i++) trial[i] = theta[i] + sub.step[i];
    if (kinks && kinks.size > 0) kinks.projectPoint(trial);
    const trialLoss = objective.lossAndGradient(trial, trialGrad);
    const actual = loss - trialLoss;
    const rho = sub.predicted > 0 ? actual / sub.predicted : actual >= 0 ? 1 : -1;
    if (!(rho >= 0.25)) radius = 0.25 * pNorm;
    else if (rho > 0.75 && pNorm >= 0.99 * radius) radius = Math.min(2 * radius, maxRadius);
    step++;
    const accepted = Number.isFinite(trialLoss) && (rho > 1e-4 || (actual >= 0 && trialLoss < loss));
    if (accepted) {
      [theta, trial] = [trial, theta];
      [grad, trialGrad] = [trialGrad, grad];
      loss = trialLoss;
      gradNorm = reduce(grad);
      fresh = true;
      rejections = 0;
      if (kinks && kinks.size > 0 && releaseWorst(kinks, theta, grad)) {
        notes.push(`released a kink constraint at step ${step}`);
        gradNorm = reduce(grad);
      }
    } else {
      fresh = false;
      rejections++;
      // A rejected step that crosses a kink the flow would slide on: constrain to it.
      if (kinks && rejections >= 2 && joinCrossed(kinks, theta, sub.step, grad)) {
        kinks.projectPoint(theta);
        loss = objective.lossAndGradient(theta, grad);
        gradNorm = reduce(grad);
        fresh = true;
        rejections = 0;
        notes.push(`joined kink manifold (${kinks.size} constraint(s)) at step ${step}`);
      }
    }
    recorder.record(step, loss, theta);
    stop = monitor.observe(step, step, theta, loss, gradNorm);
    if (stop === null && radius < 1e-300) stop = 'patience';
    // An accepted step strictly inside the region whose predicted decrease is at rounding level:
    // a critical point (a step cut short by the radius says nothing).
    if (stop === null && accepted && pNorm < 0.99 * radiusUsed && sub.predicted <= 1e-13 * Math.abs(loss)) stop = 'converged';
  }
  return monitor.finish({
    method: 'trust-region',
    finalTheta: theta,
    step,
    time: step,
    loss,
    gradNorm,
    stoppedBy: stop,
    recorder,
    counts: objective.counts,
    notes,
  });
}

/** ΠHΠ + σ(I − Π) on a kink manifold (σ above the spectrum), else H itself. */
function modelHessian(H: Float64Array, n: number, kinks: KinkManifold | undefined): Float64Array {
  if (!kinks || kinks.size === 0) return H;
  const M = Float64Array.from(H);
  kinks.projectMatrix(M);
  // (ΠHΠ)ᵀ = ΠHΠ: project the columns of (ΠH)ᵀ.
  const T = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) T[i * n + j] = M[j * n + i];
  kinks.projectMatrix(T);
  let sigma = 0;
  for (let i = 0; i < n; i++) {
    let row = 0;
    for (let j = 0; j < n; j++) row += Math.abs(H[i * n + j]);
    sigma = Math.max(sigma, row);
  }
  sigma = 2 * sigma + 1;
  const e = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    e.fill(0);
    e[j] = 1;
    kinks.projectVector(e);
    for (let i = 0; i < n; i++) T[i * n + j] += sigma * ((i === j ? 1 : 0) - e[i]);
  }
  return T;
}

function releaseWorst(kinks: KinkManifold, theta: Float64Array, grad: Float64Array): boolean {
  const t = kinks.multipliers(theta, grad);
  const worst = worstMultiplier(t, 1e-9);
  if (worst < 0) return false;
  kinks.remove(worst);
  return true;
}

function joinCrossed(kinks: KinkManifold, theta: Float64Array, step: Float64Array, grad: Float64Array): boolean {
  const f = Float64Array.from(grad, (g) => -g);
  return kinks.joinFirstSliding(theta, f, kinks.crossings(theta, step)) !== null;
}

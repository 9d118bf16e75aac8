/**
 * Gradient flow dθ/dt = −S∇L(θ) (S = diag(timeScale), default I), integrated adaptively:
 * - 'rosenbrock' (default): RODAS4 with the exact Hessian as Jacobian. L-stable, so it takes
 *   huge steps once the flow settles into a minimum, where explicit methods crawl.
 * - 'dopri5': Dormand–Prince 5(4), explicit; for comparison and non-stiff stretches.
 * Error control: RMS of errᵢ/(absTol + relTol·max|θᵢ|), tolerances 1e-6 as in MLPGradientFlow.
 *
 * ReLU nets (objective.smooth false): the gradient jumps across kinks and the implicit step size
 * collapses while the flow slides along one (notes/relu-gradient-flow.md). Collapse = ten
 * rejected attempts in a row, or five accepted steps in a row below 1 % of the explicit stability
 * step hₑ = 0.2/λmax(SH). Then, for two-layer ReLU nets, the samples crossing a kink within hₑ
 * whose two one-sided fields both point into the hyperplane join the active kink manifold and
 * RODAS4 continues on the Filippov sliding field −ΠS∇L (kinks.ts); a constraint is released when
 * its multiplier leaves [0,1]. Otherwise (or for deeper nets) explicit Euler steps of hₑ, whose
 * chattering converges to the sliding solution, run for a stretch that doubles with each
 * consecutive fallback before RODAS4 is retried.
 */
import { DormandPrince } from './dopri5';
import { KinkManifold, worstMultiplier, type KinkConstraint } from './kinks';
import { RunMonitor } from './monitor';
import { Rodas4, type FlowField } from './rodas4';
import { Rosenbrock23 } from './ros23';
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

export type FlowSolver = 'rosenbrock' | 'rosenbrock23' | 'dopri5';

export interface FlowOptions extends StoppingOptions, TrajectoryOptions, TrainControl {
  /** Default: 'rosenbrock' (RODAS4) for smooth nets, 'rosenbrock23' for ReLU nets. */
  readonly solver?: FlowSolver;
  /** rosenbrock23 only: recompute the Hessian every k accepted steps (W-method). Default 1. */
  readonly jacobianEvery?: number;
  readonly relTol?: number;
  readonly absTol?: number;
  /** Per-parameter positive factors on the gradient (1/γ on split copies' input weights, App. E.2). */
  readonly timeScale?: Float64Array;
  readonly initialStep?: number;
  readonly maxStep?: number;
  /** Explicit fallback at ReLU kinks. Default: on for non-smooth objectives. */
  readonly kinkFallback?: boolean;
  /**
   * Stall: stop (stoppedBy 'patience') when the best loss fell by less than this fraction since
   * the last checkpoint, taken every doubling of ODE time or every 1000 steps. Default 1e-10.
   */
  readonly stallRelDecrease?: number;
  /** Two-layer ReLU nets: follow Filippov sliding on kinks (kinks.ts). Default true. */
  readonly sliding?: boolean;
}

export interface FlowResult extends TrainResult {
  /** Kink constraints the flow was sliding on when it ended (two-layer ReLU nets). */
  readonly activeKinks: KinkConstraint[];
}

export const FLOW_DEFAULTS = { maxTime: 1e9, maxSteps: 200_000, patience: 50_000, relTol: 1e-6, absTol: 1e-6 };

export function gradientFlow(objective: CountingObjective, theta0: Float64Array, options: FlowOptions = {}): FlowResult {
  const n = objective.dimension;
  if (theta0.length !== n) throw new TrainError(`theta0 has ${theta0.length} entries, expected ${n}`);
  const scale = options.timeScale;
  if (scale) {
    if (scale.length !== n) throw new TrainError(`timeScale has ${scale.length} entries, expected ${n}`);
    for (let i = 0; i < n; i++)
      if (!(scale[i] > 0 && Number.isFinite(scale[i])))
        throw new TrainError(`timeScale[${i}] must be a positive finite number, got ${scale[i]}`);
  }
  const solver = options.solver ?? (objective.smooth ? 'rosenbrock' : 'rosenbrock23');
  const implicit = solver !== 'dopri5';
  const jacobianEvery = Math.max(1, options.jacobianEvery ?? 1);
  const relTol = options.relTol ?? FLOW_DEFAULTS.relTol;
  const absTol = options.absTol ?? FLOW_DEFAULTS.absTol;
  const maxStep = options.maxStep ?? Infinity;
  const fallbackOn = options.kinkFallback ?? !objective.smooth;
  const monitor = new RunMonitor(theta0, options, FLOW_DEFAULTS, options, `flow/${solver}`);
  const recorder = new TrajectoryRecorder('ode', monitor.maxTime, options);
  const notes: string[] = [];
  const src = objective.source;
  const manifold =
    fallbackOn && implicit && (options.sliding ?? true) && src && KinkManifold.supported(src.architecture)
      ? new KinkManifold(src.architecture, src.data, scale)
      : null;

  // grad keeps ∇L at the last point the field was evaluated at (the accepted point after a step).
  const grad = new Float64Array(n);
  const field: FlowField = (y, out) => {
    const loss = objective.lossAndGradient(y, grad);
    for (let i = 0; i < n; i++) out[i] = -(scale ? scale[i] : 1) * grad[i];
    if (manifold && manifold.size > 0) manifold.projectVector(out);
    return loss;
  };
  const gradNormOf = (f: Float64Array): number => {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const g = f[i] / (scale ? scale[i] : 1);
      s += g * g;
    }
    return Math.sqrt(s);
  };
  const errNorm = (y: Float64Array, yNew: Float64Array, err: Float64Array): number => {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const sc = absTol + relTol * Math.max(Math.abs(y[i]), Math.abs(yNew[i]));
      const e = err[i] / sc;
      s += e * e;
    }
    return Math.sqrt(s / n);
  };

  let y = Float64Array.from(theta0);
  let yNew = new Float64Array(n);
  let f = new Float64Array(n);
  let fNew = new Float64Array(n);
  const err = new Float64Array(n);
  let loss = field(y, f);
  let gradNorm = gradNormOf(f);
  let t = 0;
  let step = 0;
  recorder.record(0, loss, y);
  let stop: StopReason | null = monitor.observe(0, 0, y, loss, gradNorm);

  const rodas = solver === 'rosenbrock' ? new Rodas4(n) : null;
  const ros23 = solver === 'rosenbrock23' ? new Rosenbrock23(n) : null;
  const dopri = solver === 'dopri5' ? new DormandPrince(n) : null;
  // Exponent of the step-size controller: 1/(q+1), q the order of the error estimate's leading term.
  const order = solver === 'rosenbrock' ? 4 : solver === 'rosenbrock23' ? 3 : 5;
  const power = new Float64Array(n).fill(1 / Math.sqrt(n));
  let h = options.initialStep ?? initialStep(y, f, relTol, absTol);
  let fallbacks = 0;
  let fallbackRun = 0;
  let explicitSteps = 0;
  let slidingEntries = 0;
  let releases = 0;
  const M = new Float64Array(n * n);
  let jacobianAge = Infinity; // accepted steps since M was computed
  const stallRel = options.stallRelDecrease ?? 1e-10;
  let checkT = 1;
  let checkStep = 0;
  let checkLoss = Infinity;
  const joins = new Map<number, number>();
  let lambdaMax = NaN;
  const refreshJacobian = (): void => {
    const H = objective.hessian(y);
    for (let i = 0; i < n; i++) {
      const sc = scale ? scale[i] : 1;
      for (let j = 0; j < n; j++) M[i * n + j] = sc * H[i * n + j];
    }
    if (fallbackOn) lambdaMax = largestEigenvalue(M, n, power);
    if (manifold && manifold.size > 0) manifold.projectMatrix(M);
    jacobianAge = 0;
  };

  // Chattering: a sample crossing its kink again within a few steps of its last crossing.
  const crossedAt = new Map<number, number>();
  const chatter: KinkConstraint[] = [];
  let lastCrossings: KinkConstraint[] = [];
  const watchCrossings = (): void => {
    if (!manifold) return;
    const delta = err; // scratch: the step yNew − y (err is recomputed by every attempt)
    for (let i = 0; i < n; i++) delta[i] = yNew[i] - y[i];
    lastCrossings = manifold.crossings(y, delta);
    for (const c of lastCrossings) {
      const key = c.unit * src!.data.count + c.sample;
      const last = crossedAt.get(key);
      if (last !== undefined && step - last <= 4) chatter.push(c);
      crossedAt.set(key, step);
    }
    if (crossedAt.size > 4 * src!.data.count) crossedAt.clear();
  };

  const accept = (tNew: number, lossNew: number): void => {
    watchCrossings();
    [y, yNew] = [yNew, y];
    [f, fNew] = [fNew, f];
    t = tNew;
    loss = lossNew;
    gradNorm = gradNormOf(f);
    step++;
    jacobianAge++;
    if (manifold && manifold.size > 0) manifold.projectPoint(y);
    if (manifold && manifold.size > 0 && releaseKinks()) {
      loss = field(y, f);
      gradNorm = gradNormOf(f);
      jacobianAge = Infinity;
    }
    if (chatter.length > 0) joinChattering();
    recorder.record(t, loss, y);
    stop = monitor.observe(step, t, y, loss, gradNorm);
    if (stop === null && (t >= 2 * checkT || step - checkStep >= 1000)) {
      if (checkLoss - monitor.bestLoss < stallRel * checkLoss) {
        stop = 'patience';
        notes.push(`stalled: best loss fell by less than ${stallRel} (relative) between t=${checkT.toExponential(3)} and t=${t.toExponential(3)}`);
      }
      checkT = Math.max(t, 1);
      checkStep = step;
      checkLoss = monitor.bestLoss;
    }
  };

  /**
   * Joins the first candidate kink the flow slides on; keeps it only if every multiplier of the
   * enlarged active set is in [0,1] at the projected point. Returns true when it joined.
   */
  const join = (candidates: readonly KinkConstraint[]): boolean => {
    const key = (k: KinkConstraint): number => k.unit * src!.data.count + k.sample;
    // A kink joined and left over and over (grazing, or two kinks taking turns) is left to chatter.
    const c = manifold!.joinFirstSliding(y, f, candidates.filter((k) => (joins.get(key(k)) ?? 0) < 20));
    if (!c) return false;
    joins.set(key(c), (joins.get(key(c)) ?? 0) + 1);
    manifold!.projectPoint(y);
    loss = field(y, f);
    if (outOfRange(manifold!.multipliers(y, grad)) >= 0) {
      manifold!.remove(manifold!.size - 1);
      loss = field(y, f);
      gradNorm = gradNormOf(f);
      return false;
    }
    gradNorm = gradNormOf(f);
    slidingEntries++;
    jacobianAge = Infinity;
    return true;
  };

  /** Chattering samples on which the flow slides join the kink manifold. */
  const joinChattering = (): void => {
    join(chatter);
    chatter.length = 0;
  };

  const outOfRange = (t: Float64Array): number => worstMultiplier(t, 1e-6);

  /**
   * When a multiplier leaves [0,1]: if the last step carried another sample across its kink, the
   * flow may continue sliding on both (e.g. a hyperplane pivoting until it meets a second
   * sample); try that first. Otherwise drop the constraint that is most out of range.
   * Returns true when the active set changed.
   */
  const releaseKinks = (): boolean => {
    const worst = outOfRange(manifold!.multipliers(y, grad));
    if (worst < 0) return false;
    for (const c of lastCrossings) {
      if (manifold!.has(c) || !manifold!.add(c)) continue;
      manifold!.projectPoint(y);
      loss = field(y, f);
      if (outOfRange(manifold!.multipliers(y, grad)) < 0) {
        slidingEntries++;
        return true;
      }
      manifold!.remove(manifold!.size - 1);
    }
    manifold!.remove(worst);
    releases++;
    return true;
  };

  const stepCrossings = (): KinkConstraint[] => {
    const delta = new Float64Array(n);
    for (let i = 0; i < n; i++) delta[i] = yNew[i] - y[i];
    return manifold!.crossings(y, delta);
  };

  /** The rejected attempt (y → yNew) crossed a kink first on which the flow slides: slide from here. */
  const slideIntoRejected = (): boolean => join(stepCrossings());

  /** On implicit-step collapse: join a sliding kink crossed within one explicit step hₑ. */
  const enterSliding = (he: number): boolean => {
    for (let i = 0; i < n; i++) yNew[i] = y[i] + he * f[i];
    return join(stepCrossings());
  };

  while (stop === null) {
    if (implicit && jacobianAge >= jacobianEvery) refreshJacobian();
    let rejections = 0;
    let collapsed = false;
    for (;;) {
      h = Math.min(h, maxStep, Math.max(monitor.maxTime - t, 1e-300));
      let e: number;
      let lossNew = NaN;
      if (rodas) {
        if (!rodas.factor(M, h) || !rodas.step(field, y, f, h, yNew, err)) e = Infinity;
        else e = errNorm(y, yNew, err);
        if (e <= 1) lossNew = field(yNew, fNew);
      } else if (ros23) {
        lossNew = ros23.factor(M, h) ? ros23.step(field, y, f, h, yNew, fNew, err) : NaN;
        e = Number.isFinite(lossNew) ? errNorm(y, yNew, err) : Infinity;
      } else {
        lossNew = dopri!.step(field, y, f, h, yNew, err, fNew);
        e = Number.isFinite(lossNew) ? errNorm(y, yNew, err) : Infinity;
      }
      if (e <= 1 && Number.isFinite(lossNew)) {
        const grow = rejections > 0 ? 1 : 6;
        const tNew = t + h;
        const hUsed = h;
        h = h * Math.min(grow, Math.max(0.2, 0.9 * Math.pow(Math.max(e, 1e-10), -1 / order)));
        accept(tNew, lossNew);
        if (fallbackOn && implicit && hUsed < 0.01 * (0.2 / lambdaMax)) {
          fallbackRun++;
          if (fallbackRun >= 5) collapsed = true;
        } else if (fallbackRun > 0 && hUsed >= 0.2 / lambdaMax) {
          fallbackRun = 0;
          fallbacks = 0;
        }
        break;
      }
      rejections++;
      h *= Number.isFinite(e) ? Math.max(0.2, 0.9 * Math.pow(e, -1 / order)) : 0.25;
      // The rejected step crossed a kink on which the flow slides: slide from here on.
      if (manifold && Number.isFinite(lossNew) && slideIntoRejected()) {
        refreshJacobian();
        rejections = 0;
      }
      // A W-method step may fail because its Hessian is stale: refresh it before shrinking further.
      if (ros23 && jacobianAge > 0) refreshJacobian();
      if (fallbackOn && implicit && rejections >= 10) {
        collapsed = true;
        break;
      }
      if (h < 1e-14 * Math.max(1, t)) {
        if (fallbackOn && implicit) {
          collapsed = true;
          break;
        }
        notes.push(`step size underflow at t=${t.toExponential(3)}`);
        stop = 'max-steps';
        break;
      }
    }
    if (stop !== null || !collapsed) continue;

    fallbackRun = 0;
    if (jacobianAge > 0) refreshJacobian();
    const he = 0.2 / lambdaMax;
    if (manifold && enterSliding(he)) {
      h = he;
      continue;
    }
    // Explicit Euler stretch across the kink (chattering ≈ sliding), then back to RODAS4.
    fallbacks++;
    const count = Math.min(200 * 2 ** Math.min(fallbacks - 1, 2), 800);
    for (let s = 0; s < count && stop === null; s++) {
      for (let i = 0; i < n; i++) yNew[i] = y[i] + he * f[i];
      const lossNew = field(yNew, fNew);
      explicitSteps++;
      accept(t + he, lossNew);
    }
    h = he;
  }
  if (explicitSteps > 0) notes.push(`ReLU kinks: ${explicitSteps} explicit Euler steps (h = 0.2/λmax) in fallbacks`);
  if (slidingEntries > 0)
    notes.push(`ReLU kinks: entered sliding ${slidingEntries}×, released ${releases}×, ${manifold!.size} kink constraint(s) active at the end`);
  return {
    ...monitor.finish({
      method: `flow/${solver}`,
      finalTheta: y,
      step,
      time: t,
      loss,
      gradNorm,
      stoppedBy: stop ?? 'max-steps',
      recorder,
      counts: objective.counts,
      notes,
    }),
    activeKinks: manifold ? [...manifold.active] : [],
  };
}

/** Hairer–Wanner's starting step heuristic: h with h·‖f‖ ≈ 1 % of the solution scale. */
function initialStep(y: Float64Array, f: Float64Array, relTol: number, absTol: number): number {
  let d0 = 0;
  let d1 = 0;
  for (let i = 0; i < y.length; i++) {
    const sc = absTol + relTol * Math.abs(y[i]);
    d0 += (y[i] / sc) ** 2;
    d1 += (f[i] / sc) ** 2;
  }
  d0 = Math.sqrt(d0 / y.length);
  d1 = Math.sqrt(d1 / y.length);
  return d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : Math.min(0.01 * (d0 / d1), 1);
}

/** max|λ| of M = S·H (similar to S^½HS^½, so real) by warm-started power iteration; +10 % margin. */
function largestEigenvalue(H: Float64Array, n: number, v: Float64Array): number {
  const w = new Float64Array(n);
  let lambda = 0;
  for (let it = 0; it < 30; it++) {
    let norm = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += H[i * n + j] * v[j];
      w[i] = s;
      norm += w[i] * w[i];
    }
    norm = Math.sqrt(norm);
    if (norm === 0) return 1e-300;
    const prev = lambda;
    lambda = norm;
    for (let i = 0; i < n; i++) v[i] = w[i] / norm;
    if (it > 3 && Math.abs(lambda - prev) < 1e-3 * lambda) break;
  }
  return 1.1 * lambda;
}

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
 *
 * Parts: FlowState (shared point and buffers), FlowStepper (integrators, Jacobian, step control),
 * KinkSliding (Filippov sliding on ReLU kinks), StallDetector and RunMonitor (stopping), and
 * TrajectoryRecorder; this file wires them into the step loop.
 */
import { ProbeSchedule, type FlowProbe } from './basinProbe';
import { ChatterStall, type ChatterStallOptions } from './chatterStall';
import { createFlowField, FlowState } from './flowState';
import { FlowStepper, initialStep, type FlowSolver } from './flowStepper';
import { KinkManifold, type KinkConstraint } from './kinks';
import { KinkSliding } from './kinkSliding';
import { PrunedCrossingScan } from './crossingScan';
import { RunMonitor } from './monitor';
import { StallDetector } from './stallDetector';
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

export type { FlowSolver } from './flowStepper';

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
  /**
   * Two-layer ReLU nets with sliding: kink constraints to start on (θ₀ is projected onto them;
   * each is released by the usual rule once its multiplier leaves [0,1]). The GPU finish hands
   * over the near-kink set of its f32 end point (native-workers/gpu/nearKinks.ts). Default none.
   */
  readonly initialKinks?: readonly KinkConstraint[];
  /**
   * Two-layer ReLU nets with sliding: find the kinks a step crosses with the pruned scan
   * (crossingScan.ts: same crossings, same order, only samples near each hyperplane visited).
   * Default false (the full scan); TrainOptions.fast turns it on.
   */
  readonly prunedCrossings?: boolean;
  /**
   * Early switch (basinProbe.ts): called with the current point when the flow has been slow for a
   * window of steps; returning true ends the flow (stoppedBy 'converged': the caller's polish from
   * here certified a minimum). Windows double after each call that returns false.
   */
  readonly probe?: FlowProbe;
  /**
   * Stop (stoppedBy 'patience') when the flow chatters: windows of steps whose loss fall is both
   * slow and a tiny fraction of the flow's own dissipation (chatterStall.ts). Default off (absent);
   * it changes which point the polish starts from, so results differ from the default solver.
   */
  readonly chatterStall?: ChatterStallOptions;
}

export interface FlowResult extends TrainResult {
  /** Kink constraints the flow was sliding on when it ended (two-layer ReLU nets). */
  readonly activeKinks: KinkConstraint[];
}

export const FLOW_DEFAULTS = { maxTime: 1e9, maxSteps: 200_000, patience: 50_000, relTol: 1e-6, absTol: 1e-6 };

/** Ten rejected attempts in a row, or five accepted steps in a row below 1 % of hₑ: the implicit step collapsed. */
const COLLAPSE_REJECTIONS = 10;
const COLLAPSE_SMALL_STEPS = 5;

function checkTimeScale(scale: Float64Array | undefined, n: number): void {
  if (!scale) return;
  if (scale.length !== n) throw new TrainError(`timeScale has ${scale.length} entries, expected ${n}`);
  for (let i = 0; i < n; i++)
    if (!(scale[i] > 0 && Number.isFinite(scale[i])))
      throw new TrainError(`timeScale[${i}] must be a positive finite number, got ${scale[i]}`);
}

export function gradientFlow(objective: CountingObjective, theta0: Float64Array, options: FlowOptions = {}): FlowResult {
  const n = objective.dimension;
  if (theta0.length !== n) throw new TrainError(`theta0 has ${theta0.length} entries, expected ${n}`);
  const scale = options.timeScale;
  checkTimeScale(scale, n);
  const solver = options.solver ?? (objective.smooth ? 'rosenbrock' : 'rosenbrock23');
  const relTol = options.relTol ?? FLOW_DEFAULTS.relTol;
  const absTol = options.absTol ?? FLOW_DEFAULTS.absTol;
  const jacobianEvery = Math.max(1, options.jacobianEvery ?? 1);
  const maxStep = options.maxStep ?? Infinity;
  const fallbackOn = options.kinkFallback ?? !objective.smooth;
  const implicit = solver !== 'dopri5';
  const collapsible = fallbackOn && implicit;

  const monitor = new RunMonitor(theta0, options, FLOW_DEFAULTS, options, `flow/${solver}`);
  const recorder = new TrajectoryRecorder('ode', monitor.maxTime, options);
  const stall = new StallDetector(options.stallRelDecrease ?? 1e-10);
  const chatter = options.chatterStall ? new ChatterStall(options.chatterStall, scale) : null;
  const notes: string[] = [];
  const src = objective.source;
  const manifold =
    fallbackOn && implicit && (options.sliding ?? true) && src && KinkManifold.supported(src.architecture)
      ? new KinkManifold(src.architecture, src.data, scale)
      : null;
  const state = new FlowState(theta0, scale);
  if (manifold && options.initialKinks && options.initialKinks.length > 0) {
    for (const c of options.initialKinks) manifold.add(c);
    manifold.projectPoint(state.y);
  }
  const field = createFlowField(objective, state, manifold);
  const stepper = new FlowStepper(solver, objective, state, manifold, { relTol, absTol, trackLambdaMax: fallbackOn });
  const scan = manifold && src && options.prunedCrossings ? new PrunedCrossingScan(src.architecture, src.data) : null;
  const sliding = manifold && src ? new KinkSliding(manifold, src.data.count, state, field, () => stepper.invalidateJacobian(), scan) : null;

  state.loss = field(state.y, state.f);
  state.gradNorm = state.gradNormOf(state.f);
  recorder.record(0, state.loss, state.y);
  let stop: StopReason | null = monitor.observe(0, 0, state.y, state.loss, state.gradNorm);
  let h = options.initialStep ?? initialStep(state.y, state.f, relTol, absTol);
  let fallbacks = 0; // consecutive explicit fallbacks (their stretch doubles)
  let smallSteps = 0; // consecutive accepted implicit steps below 1 % of hₑ
  let explicitSteps = 0;

  /** The attempt (yNew, fNew) at time tNew becomes the accepted point; then stopping tests. */
  const accept = (tNew: number, lossNew: number): void => {
    sliding?.watchCrossings();
    state.swap();
    const dt = tNew - state.t;
    state.t = tNew;
    state.loss = lossNew;
    state.gradNorm = state.gradNormOf(state.f);
    state.step++;
    stepper.jacobianAge++;
    sliding?.afterAccept();
    recorder.record(state.t, state.loss, state.y);
    stop = monitor.observe(state.step, state.t, state.y, state.loss, state.gradNorm);
    if (stop === null) {
      const stalled = stall.check(state.t, state.step, monitor.bestLoss);
      if (stalled) {
        stop = 'patience';
        notes.push(stalled);
      }
    }
    if (stop === null && chatter) {
      const chattering = chatter.check(state.step, dt, state.f, monitor.bestLoss);
      if (chattering) {
        stop = 'patience';
        notes.push(chattering);
      }
    }
  };

  /** Attempts steps until one is accepted; returns true when the implicit step collapsed instead. */
  const adaptiveStep = (): boolean => {
    let rejections = 0;
    for (;;) {
      h = Math.min(h, maxStep, Math.max(monitor.maxTime - state.t, 1e-300));
      stepper.attempt(field, h);
      const { error: e, lossNew } = stepper;
      if (e <= 1 && Number.isFinite(lossNew)) {
        const hUsed = h;
        h *= stepper.factor(e, rejections > 0 ? 1 : 6);
        accept(state.t + hUsed, lossNew);
        const he = 0.2 / stepper.lambdaMax;
        if (collapsible && hUsed < 0.01 * he) return ++smallSteps >= COLLAPSE_SMALL_STEPS;
        if (smallSteps > 0 && hUsed >= he) {
          smallSteps = 0;
          fallbacks = 0;
        }
        return false;
      }
      rejections++;
      h *= stepper.rejectFactor(e);
      // The rejected step crossed a kink on which the flow slides: slide from here on.
      if (sliding && Number.isFinite(lossNew) && sliding.slideIntoRejected()) {
        stepper.refreshJacobian();
        rejections = 0;
      }
      // A W-method step may fail because its Hessian is stale: refresh it before shrinking further.
      if (stepper.reusesJacobian && stepper.jacobianAge > 0) stepper.refreshJacobian();
      if (collapsible && rejections >= COLLAPSE_REJECTIONS) return true;
      if (h < 1e-14 * Math.max(1, state.t)) {
        if (collapsible) return true;
        notes.push(`step size underflow at t=${state.t.toExponential(3)}`);
        stop = 'max-steps';
        return false;
      }
    }
  };

  /** After a collapse: enter sliding on a kink if one is crossed within hₑ, else an explicit Euler stretch of steps hₑ. */
  const fallBack = (): void => {
    smallSteps = 0;
    if (stepper.jacobianAge > 0) stepper.refreshJacobian();
    const he = 0.2 / stepper.lambdaMax;
    h = he;
    if (sliding && sliding.enterSliding(he)) return;
    // Explicit Euler stretch across the kink (chattering ≈ sliding), then back to RODAS4.
    fallbacks++;
    const count = Math.min(200 * 2 ** Math.min(fallbacks - 1, 2), 800);
    for (let s = 0; s < count && stop === null; s++) {
      const { y, f, yNew, fNew } = state;
      for (let i = 0; i < n; i++) yNew[i] = y[i] + he * f[i];
      const lossNew = field(yNew, fNew);
      explicitSteps++;
      accept(state.t + he, lossNew);
    }
  };

  const probe = options.probe;
  const schedule = probe ? new ProbeSchedule() : null;
  while (stop === null) {
    if (implicit && stepper.jacobianAge >= jacobianEvery) stepper.refreshJacobian();
    const collapsed = adaptiveStep();
    if (collapsed && stop === null) fallBack();
    if (stop === null && probe && schedule && schedule.due(state.step, monitor.bestLoss)) {
      if (probe(state.y, manifold ? manifold.active : [], monitor.bestLoss)) {
        stop = 'converged';
        notes.push(`early switch at step ${state.step} (t=${state.t.toExponential(3)}, probe ${schedule.probes}): the polish from here certified a minimum`);
      } else schedule.failed(state.step);
    }
  }
  if (explicitSteps > 0) notes.push(`ReLU kinks: ${explicitSteps} explicit Euler steps (h = 0.2/λmax) in fallbacks`);
  if (sliding && sliding.entries > 0)
    notes.push(`ReLU kinks: entered sliding ${sliding.entries}×, released ${sliding.releases}×, ${sliding.manifold.size} kink constraint(s) active at the end`);
  return {
    ...monitor.finish({
      method: `flow/${solver}`,
      finalTheta: state.y,
      step: state.step,
      time: state.t,
      loss: state.loss,
      gradNorm: state.gradNorm,
      stoppedBy: stop ?? 'max-steps',
      recorder,
      counts: objective.counts,
      notes,
    }),
    activeKinks: manifold ? [...manifold.active] : [],
  };
}

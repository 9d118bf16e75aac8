/** Limited-memory BFGS (Nocedal & Wright Alg. 7.4/7.5) with a strong-Wolfe line search. */
import { RunMonitor, norm } from './monitor';
import { strongWolfe, type LinePoint } from './lineSearch';
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

export interface LbfgsOptions extends StoppingOptions, TrajectoryOptions, TrainControl {
  /** Stored correction pairs. Default 10. */
  readonly memory?: number;
}

export const LBFGS_DEFAULTS = { maxSteps: 10_000, patience: 200, maxTime: Infinity };

export function lbfgs(objective: CountingObjective, theta0: Float64Array, options: LbfgsOptions = {}): TrainResult {
  const n = objective.dimension;
  if (theta0.length !== n) throw new TrainError(`theta0 has ${theta0.length} entries, expected ${n}`);
  const m = options.memory ?? 10;
  const monitor = new RunMonitor(theta0, options, LBFGS_DEFAULTS, options, 'lbfgs');
  const recorder = new TrajectoryRecorder('step', monitor.maxSteps, options);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rhos: number[] = [];
  const alphas = new Float64Array(m);

  const theta = Float64Array.from(theta0);
  const trial = new Float64Array(n);
  let grad = new Float64Array(n);
  let trialGrad = new Float64Array(n);
  const dir = new Float64Array(n);
  let loss = objective.lossAndGradient(theta, grad);
  let gradNorm = norm(grad);
  recorder.record(0, loss, theta);
  let stop: StopReason | null = monitor.observe(0, 0, theta, loss, gradNorm);
  let step = 0;
  let failures = 0;
  while (stop === null) {
    // Two-loop recursion: dir = −H_k ∇L.
    for (let i = 0; i < n; i++) dir[i] = -grad[i];
    for (let j = S.length - 1; j >= 0; j--) {
      const a = rhos[j] * dot(S[j], dir);
      alphas[j] = a;
      axpy(-a, Y[j], dir);
    }
    if (S.length > 0) {
      const last = S.length - 1;
      const gamma = dot(S[last], Y[last]) / dot(Y[last], Y[last]);
      for (let i = 0; i < n; i++) dir[i] *= gamma;
    }
    for (let j = 0; j < S.length; j++) {
      const b = rhos[j] * dot(Y[j], dir);
      axpy(alphas[j] - b, S[j], dir);
    }
    let slope = dot(grad, dir);
    if (!(slope < 0)) {
      // Not a descent direction (lost curvature information): restart with steepest descent.
      S.length = Y.length = rhos.length = 0;
      for (let i = 0; i < n; i++) dir[i] = -grad[i];
      slope = -gradNorm * gradNorm;
    }
    const phi = (alpha: number): LinePoint => {
      for (let i = 0; i < n; i++) trial[i] = theta[i] + alpha * dir[i];
      const l = objective.lossAndGradient(trial, trialGrad);
      return { alpha, loss: l, slope: dot(trialGrad, dir) };
    };
    const alpha1 = S.length === 0 ? Math.min(1, 1 / Math.max(norm(dir), 1e-300)) : 1;
    const ls = strongWolfe(phi, { alpha: 0, loss, slope }, alpha1);
    step++;
    if (ls.point.alpha === 0 || !(ls.point.loss <= loss)) {
      failures++;
      S.length = Y.length = rhos.length = 0;
      recorder.record(step, loss, theta);
      stop = monitor.observe(step, step, theta, loss, gradNorm);
      if (stop === null && failures >= 3) stop = 'patience';
      continue;
    }
    failures = 0;
    const s = new Float64Array(n);
    const yv = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = ls.point.alpha * dir[i];
      yv[i] = trialGrad[i] - grad[i];
      theta[i] = theta[i] + s[i];
    }
    const sy = dot(s, yv);
    if (sy > 1e-12 * norm(s) * norm(yv)) {
      if (S.length === m) {
        S.shift();
        Y.shift();
        rhos.shift();
      }
      S.push(s);
      Y.push(yv);
      rhos.push(1 / sy);
    }
    [grad, trialGrad] = [trialGrad, grad];
    loss = ls.point.loss;
    gradNorm = norm(grad);
    recorder.record(step, loss, theta);
    stop = monitor.observe(step, step, theta, loss, gradNorm);
  }
  return monitor.finish({
    method: 'lbfgs',
    finalTheta: theta,
    step,
    time: step,
    loss,
    gradNorm,
    stoppedBy: stop,
    recorder,
    counts: objective.counts,
    notes: [],
  });
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function axpy(alpha: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i] += alpha * x[i];
}

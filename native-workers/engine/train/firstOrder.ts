/**
 * Gradient descent and Adam, full batch or minibatch. With minibatches the stopping rules and
 * the recorded loss use the full-batch loss, evaluated once per epoch.
 */
import { Rng } from '../core/random';
import type { Architecture, Dataset } from '../core/types';
import { MinibatchSource } from './batches';
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

export interface FirstOrderOptions extends StoppingOptions, TrajectoryOptions, TrainControl {
  /** Default 0.01 for gradient descent, 0.001 for Adam. */
  readonly learningRate?: number;
  /** Samples per minibatch; omitted or ≥ N means full batch. Needs `minibatch` data. */
  readonly batchSize?: number;
  /** Seed of the minibatch order. Default 0. */
  readonly seed?: number;
  /** Per-parameter factors multiplying the gradient (e.g. 1/γ for split copies, App. E.2). */
  readonly timeScale?: Float64Array;
  /** Adam only. Defaults 0.9, 0.999, 1e-8. */
  readonly beta1?: number;
  readonly beta2?: number;
  readonly epsilon?: number;
}

export interface MinibatchData {
  readonly architecture: Architecture;
  readonly data: Dataset;
}

type Rule = 'gd' | 'adam';

export function gradientDescent(
  objective: CountingObjective,
  theta0: Float64Array,
  options: FirstOrderOptions = {},
  minibatch?: MinibatchData,
): TrainResult {
  return firstOrder('gd', objective, theta0, options, minibatch);
}

export function adam(
  objective: CountingObjective,
  theta0: Float64Array,
  options: FirstOrderOptions = {},
  minibatch?: MinibatchData,
): TrainResult {
  return firstOrder('adam', objective, theta0, options, minibatch);
}

function firstOrder(
  rule: Rule,
  objective: CountingObjective,
  theta0: Float64Array,
  options: FirstOrderOptions,
  minibatch: MinibatchData | undefined,
): TrainResult {
  const P = objective.dimension;
  if (theta0.length !== P) throw new TrainError(`theta0 has ${theta0.length} entries, expected ${P}`);
  const lr = options.learningRate ?? (rule === 'gd' ? 0.01 : 0.001);
  if (!(lr > 0)) throw new TrainError(`learningRate must be positive, got ${lr}`);
  const scale = options.timeScale;
  if (scale && scale.length !== P) throw new TrainError(`timeScale has ${scale.length} entries, expected ${P}`);
  const beta1 = options.beta1 ?? 0.9;
  const beta2 = options.beta2 ?? 0.999;
  const eps = options.epsilon ?? 1e-8;

  const batchSize = options.batchSize;
  const source =
    batchSize !== undefined && minibatch && batchSize < minibatch.data.count
      ? new MinibatchSource(minibatch.architecture, minibatch.data, batchSize)
      : undefined;
  if (batchSize !== undefined && batchSize < (minibatch?.data.count ?? Infinity) && !source)
    throw new TrainError('batchSize needs the architecture and dataset (minibatch argument)');
  const rng = new Rng(options.seed ?? 0);

  const maxSteps = options.maxSteps ?? 100_000;
  const timeUnit = rule === 'gd' && !source ? 'ode' : 'step';
  const timeOf = (step: number): number => (timeUnit === 'ode' ? step * lr : step);
  const monitor = new RunMonitor(
    theta0,
    options,
    { maxSteps, maxTime: Infinity, patience: options.patience ?? Math.max(1000, maxSteps) },
    options,
    rule,
  );
  const recorder = new TrajectoryRecorder(timeUnit, timeOf(maxSteps), options);

  const theta = Float64Array.from(theta0);
  const grad = new Float64Array(P);
  const full = new Float64Array(P);
  const m = new Float64Array(P);
  const v = new Float64Array(P);
  let loss = objective.lossAndGradient(theta, full);
  let gradNorm = norm(full);
  recorder.record(0, loss, theta);
  let stop: StopReason | null = monitor.observe(0, 0, theta, loss, gradNorm);
  let step = 0;
  let update = 0;
  while (stop === null) {
    const batches = source ? source.batches : 1;
    if (source) source.shuffle(rng);
    for (let b = 0; b < batches; b++) {
      if (source) source.lossAndGradient(theta, b, grad);
      else grad.set(full);
      update++;
      if (rule === 'gd') {
        for (let p = 0; p < P; p++) theta[p] -= lr * (scale ? scale[p] : 1) * grad[p];
      } else {
        const c1 = 1 - Math.pow(beta1, update);
        const c2 = 1 - Math.pow(beta2, update);
        for (let p = 0; p < P; p++) {
          const g = grad[p];
          m[p] = beta1 * m[p] + (1 - beta1) * g;
          v[p] = beta2 * v[p] + (1 - beta2) * g * g;
          theta[p] -= (lr * (scale ? scale[p] : 1) * (m[p] / c1)) / (Math.sqrt(v[p] / c2) + eps);
        }
      }
    }
    step += source ? batches : 1;
    loss = objective.lossAndGradient(theta, full);
    gradNorm = norm(full);
    recorder.record(timeOf(step), loss, theta);
    stop = monitor.observe(step, timeOf(step), theta, loss, gradNorm);
  }
  return monitor.finish({
    method: rule === 'gd' ? 'gd' : 'adam',
    finalTheta: theta,
    step,
    time: timeOf(step),
    loss,
    gradNorm,
    stoppedBy: stop,
    recorder,
    counts: objective.counts,
    notes: source ? [`minibatch ${source.batchSize} of ${source.count}; steps count updates`] : [],
  });
}

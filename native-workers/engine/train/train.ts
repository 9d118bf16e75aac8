/** One entry point for training a network with any of the trainers. */
import type { Dataset, Network } from '../types';
import { chainResults } from './chain';
import { adam, gradientDescent } from './firstOrder';
import { gradientFlow, type FlowSolver } from './flow';
import { minimize } from './minimize';
import { networkObjective } from './objective';
import { polish } from './polish';
import type { StoppingOptions, TrainControl, TrainResult, TrajectoryOptions } from './types';
import { TrainError } from './types';

export const TRAIN_METHODS = ['flow', 'gd', 'adam', 'minimize'] as const;
export type TrainMethod = (typeof TRAIN_METHODS)[number];

export interface TrainOptions extends StoppingOptions, TrajectoryOptions, TrainControl {
  /** Default 'flow' (gradient flow, then polish). */
  readonly method?: TrainMethod;
  /** Gradient flow: 'rosenbrock' (default) or 'dopri5'; tolerances default 1e-6. */
  readonly solver?: FlowSolver;
  readonly relTol?: number;
  readonly absTol?: number;
  /** gd / adam. */
  readonly learningRate?: number;
  readonly batchSize?: number;
  /** Minibatch order seed (gd / adam). */
  readonly seed?: number;
  /** Per-parameter gradient factors (flow, gd, adam), e.g. from splitTimeScale. */
  readonly timeScale?: Float64Array;
  /** Newton polish after flow / gd / adam unless the loss target was reached. Default true for flow. */
  readonly polish?: boolean;
  readonly polishSteps?: number;
}

export interface TrainOutcome extends TrainResult {
  /** The best network found. */
  readonly network: Network;
  /** The phases in order (e.g. flow then polish). */
  readonly phases: readonly TrainResult[];
}

export function trainNetwork(network: Network, data: Dataset, options: TrainOptions = {}): TrainOutcome {
  const method = options.method ?? 'flow';
  if (!(TRAIN_METHODS as readonly string[]).includes(method))
    throw new TrainError(`method must be one of ${TRAIN_METHODS.join(', ')}, got '${method}'`);
  const objective = networkObjective(network.architecture, data);
  const theta0 = network.theta;
  let main: TrainResult;
  let activeKinks: ReturnType<typeof gradientFlow>['activeKinks'] = [];
  switch (method) {
    case 'flow': {
      const r = gradientFlow(objective, theta0, options);
      activeKinks = r.activeKinks;
      main = r;
      break;
    }
    case 'gd':
      main = gradientDescent(objective, theta0, options, { architecture: network.architecture, data });
      break;
    case 'adam':
      main = adam(objective, theta0, options, { architecture: network.architecture, data });
      break;
    case 'minimize':
      main = minimize(objective, theta0, options);
      break;
  }
  const phases: TrainResult[] = [main];
  let result = main;
  const wantPolish = options.polish ?? method === 'flow';
  const done = main.stoppedBy === 'loss-target' || main.stoppedBy === 'stopped' || main.stoppedBy === 'non-finite';
  if (wantPolish && !done && method !== 'minimize') {
    const p = polish(objective, main.theta, {
      lossTarget: options.lossTarget,
      shouldStop: options.shouldStop,
      activeKinks,
      ...(options.polishSteps !== undefined ? { maxSteps: options.polishSteps } : {}),
    });
    phases.push(p);
    result = chainResults(`${main.method}+polish`, main, p);
  }
  return { ...result, network: { architecture: network.architecture, theta: result.theta }, phases };
}

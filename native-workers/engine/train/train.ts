/** One entry point for training a network with any of the trainers. */
import { analyzePoint } from '../analysis/analyze';
import { createBasinProbe } from './basinProbe';
import type { Dataset, Network } from '../core/types';
import { chainResults } from './chain';
import { adam, gradientDescent } from './firstOrder';
import { gradientFlow, type FlowOptions, type FlowSolver } from './flow';
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
  /** Flow only: extra flow + polish rounds when the end point is not certified. Default 2. */
  readonly rounds?: number;
  /**
   * Flow + polish only: try the polish early when the flow is slow, and end the flow there when
   * that polish certifies a minimum nearby (basinProbe.ts). Default true.
   */
  readonly earlySwitch?: boolean;
  /** Flow only: kink constraints the first flow phase starts on (FlowOptions.initialKinks); later rounds start free. */
  readonly initialKinks?: FlowOptions['initialKinks'];
  /**
   * Flow only: the faster solver settings (issue 12), FAST_FLOW — bit for bit the reference
   * solver's result, 1.8× less CPU on fig3c. Default true; false runs the plain full scans (the
   * reference the fast path is tested against; the fig3c recipe's `--solver reference`).
   */
  readonly fast?: boolean;
  /**
   * Flow only, opt-in (issue 12's tail): end a flow phase that chatters across kinks
   * (FlowOptions.chatterStall, chatterStall.ts); the polish continues from its best point. Not
   * bit-identical to the default solver: docs/results/fig3c-noise-floor-2026-12-02.md.
   */
  readonly chatterStall?: FlowOptions['chatterStall'];
}

/**
 * What `fast` changes: only what leaves the run bit for bit unchanged — the flow's pruned
 * kink-crossing scan (crossingScan.ts: the same crossings in the same order) and, for every
 * Hessian of the run, the relu-moments kernel keeping its sample block (HessianOptions.reuseSamples,
 * set in trainNetwork's objective). Not in it:
 * W-method Hessian reuse (FlowOptions.jacobianEvery = 6 halves the flow's CPU time, but changed
 * the class of 10 % of fig3c seeds, against the issue's ≥ 99 %: the ReLU flow's fate is sensitive
 * to any change of trajectory near saddles and kinks; docs/results/fig3c-solver-fast-2026-12-02.md).
 */
export const FAST_FLOW = { prunedCrossings: true } as const satisfies FlowOptions;

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
  const fast = options.fast ?? true;
  const objective = networkObjective(network.architecture, data, fast ? { fast: true } : {});
  const theta0 = network.theta;
  const wantPolish = options.polish ?? method === 'flow';
  const polishOptions = {
    lossTarget: options.lossTarget,
    shouldStop: options.shouldStop,
    ...(options.polishSteps !== undefined ? { maxSteps: options.polishSteps } : {}),
  };
  const basin = method === 'flow' && wantPolish && (options.earlySwitch ?? true) ? createBasinProbe(objective, network.architecture, data, polishOptions) : null;
  const flowBase: FlowOptions = fast ? { ...FAST_FLOW, ...options } : options;
  const flowOptions = basin ? { ...flowBase, probe: basin.probe } : flowBase;
  let main: TrainResult;
  let activeKinks: ReturnType<typeof gradientFlow>['activeKinks'] = [];
  switch (method) {
    case 'flow': {
      const r = gradientFlow(objective, theta0, flowOptions);
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
  const ended = (r: TrainResult): boolean =>
    // Nothing to polish at the target, after cancellation or a NaN, or along a channel to infinity.
    r.stoppedBy === 'loss-target' || r.stoppedBy === 'stopped' || r.stoppedBy === 'non-finite' || r.stoppedBy === 'diverged';
  /** The polish after a flow phase: the early switch's, when it ended the flow, else one from the flow's best point. */
  let certified = false; // the last polish is the early switch's: its end point is a certified minimum
  const polishAfter = (flow: TrainResult, kinks: ReturnType<typeof gradientFlow>['activeKinks']): TrainResult => {
    const early = flow.stoppedBy === 'converged' ? basin?.take() : null;
    certified = !!early;
    return early ?? polish(objective, flow.theta, { ...polishOptions, activeKinks: kinks });
  };
  if (wantPolish && !ended(main) && method !== 'minimize') {
    let p = polishAfter(main, activeKinks);
    phases.push(p);
    result = chainResults(`${main.method}+polish`, main, p);
    // A flow that stalled near a saddle, or a polish stuck between kinks, ends uncertified: let the
    // flow continue from the polished point (the polish has left the saddle along negative
    // curvature), then polish again — at most `rounds` extra times.
    for (let round = 0; method === 'flow' && round < (options.rounds ?? 2) && !ended(p) && !certified; round++) {
      const c = analyzePoint({ architecture: network.architecture, theta: result.theta }, data, {
        ...(options.lossTarget !== undefined ? { lossTarget: options.lossTarget } : {}),
      }).classification;
      if (c !== 'not-critical' && c !== 'strict-saddle') break;
      const again = gradientFlow(objective, result.theta, options.initialKinks ? { ...flowOptions, initialKinks: undefined } : flowOptions);
      phases.push(again);
      result = chainResults(result.method, result, again);
      if (ended(again)) break;
      p = polishAfter(again, again.activeKinks);
      phases.push(p);
      result = chainResults(result.method, result, p);
    }
  }
  return { ...result, network: { architecture: network.architecture, theta: result.theta }, phases };
}

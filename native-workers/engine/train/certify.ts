/**
 * The one training procedure behind both the studio's `train` task and the CLI's `train`
 * command: train with the engine's trainNetwork (polish after flow / gd / adam by default),
 * then certify the end point with the critical-point analysis.
 */
import { analyzePoint, type PointAnalysis } from '../analysis';
import type { FlowSolver } from './flow';
import { trainNetwork, type TrainMethod, type TrainOutcome } from './train';
import type { ProgressInfo } from './types';
import type { Dataset, Network } from '../core/types';

export interface TrainSettings {
  readonly method: TrainMethod;
  readonly solver?: FlowSolver;
  readonly maxTime?: number;
  readonly maxSteps?: number;
  readonly lossTarget?: number;
  readonly gradFloor?: number;
  readonly learningRate?: number;
  readonly batchSize?: number;
  /** Minibatch order (gd / adam). */
  readonly seed?: number;
  /** Default: on for flow, gd and adam (minimize ends with its own Newton phase). */
  readonly polish?: boolean;
  readonly polishSteps?: number;
}

export interface TrainControlHooks {
  readonly shouldStop?: () => boolean;
  readonly onProgress?: (fraction: number, info: ProgressInfo) => void;
  readonly progressEvery?: number;
}

export interface CertifiedTraining {
  readonly outcome: TrainOutcome;
  /** Null when certification was skipped (too many parameters for a dense spectrum, or stopped). */
  readonly analysis: PointAnalysis | null;
  /** Wall-clock seconds of the training itself (informational). */
  readonly seconds: number;
}

export function defaultPolish(method: TrainMethod): boolean {
  return method === 'flow' || method === 'gd' || method === 'adam';
}

export function trainAndCertify(
  start: Network,
  data: Dataset,
  settings: TrainSettings,
  control: TrainControlHooks = {},
  certify: boolean | ((parameterCount: number) => boolean) = true,
): CertifiedTraining {
  const method = settings.method;
  const t0 = performance.now();
  const outcome = trainNetwork(start, data, {
    method,
    ...(settings.solver !== undefined ? { solver: settings.solver } : {}),
    ...(settings.maxTime !== undefined ? { maxTime: settings.maxTime } : {}),
    ...(settings.maxSteps !== undefined ? { maxSteps: settings.maxSteps } : {}),
    ...(settings.lossTarget !== undefined ? { lossTarget: settings.lossTarget } : {}),
    ...(settings.gradFloor !== undefined ? { gradFloor: settings.gradFloor } : {}),
    ...(settings.learningRate !== undefined ? { learningRate: settings.learningRate } : {}),
    ...(settings.batchSize !== undefined ? { batchSize: settings.batchSize } : {}),
    ...(settings.seed !== undefined ? { seed: settings.seed } : {}),
    ...(settings.polishSteps !== undefined ? { polishSteps: settings.polishSteps } : {}),
    polish: (settings.polish ?? defaultPolish(method)) && settings.polishSteps !== 0,
    ...(control.shouldStop ? { shouldStop: control.shouldStop } : {}),
    ...(control.onProgress ? { onProgress: control.onProgress } : {}),
    ...(control.progressEvery !== undefined ? { progressEvery: control.progressEvery } : {}),
  });
  const seconds = (performance.now() - t0) / 1000;
  const P = outcome.network.theta.length;
  const wanted = typeof certify === 'function' ? certify(P) : certify;
  const analysis =
    wanted && outcome.stoppedBy !== 'stopped'
      ? analyzePoint(outcome.network, data, settings.lossTarget !== undefined ? { lossTarget: settings.lossTarget } : {})
      : null;
  return { outcome, analysis, seconds };
}

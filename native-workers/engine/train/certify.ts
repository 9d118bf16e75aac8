/**
 * The one training procedure behind both the studio's `train` task and the CLI's `train`
 * command: train with the engine's trainNetwork (polish after flow / gd / adam by default),
 * then certify the end point with the critical-point analysis.
 */
import { analyzePoint, type AnalyzeOptions, type PointAnalysis } from '../analysis';
import { trainNetwork, type TrainMethod, type TrainOptions, type TrainOutcome } from './train';
import type { Dataset, Network } from '../core/types';

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

/**
 * Train (engine `TrainOptions`, unchanged — no intermediate settings type) and certify. The only
 * default added here: polish after flow / gd / adam unless `polish: false` or `polishSteps: 0`.
 */
export function trainAndCertify(
  start: Network,
  data: Dataset,
  options: TrainOptions,
  certify: boolean | ((parameterCount: number) => boolean) = true,
  /** Passed to analyzePoint (e.g. `spectrum.onProgress`, so the certification reports progress too). */
  analyze: AnalyzeOptions = {},
): CertifiedTraining {
  const method = options.method ?? 'flow';
  const t0 = performance.now();
  const outcome = trainNetwork(start, data, {
    ...options,
    method,
    polish: (options.polish ?? defaultPolish(method)) && options.polishSteps !== 0,
  });
  const seconds = (performance.now() - t0) / 1000;
  const P = outcome.network.theta.length;
  const wanted = typeof certify === 'function' ? certify(P) : certify;
  const analysis =
    wanted && outcome.stoppedBy !== 'stopped'
      ? analyzePoint(outcome.network, data, options.lossTarget !== undefined ? { ...analyze, lossTarget: options.lossTarget } : analyze)
      : null;
  return { outcome, analysis, seconds };
}

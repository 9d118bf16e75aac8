/** The network loss as a trainer Objective, counting evaluations. */
import { hessian } from '../derivatives/hessian';
import { createLossEvaluator } from '../derivatives/loss';
import { parameterCount } from '../core/layout';
import type { Architecture, Dataset } from '../core/types';
import type { EvaluationCounts, Objective } from './types';

export interface CountingObjective extends Objective {
  readonly counts: EvaluationCounts;
  /** The network and data behind the loss, when it is a network loss (enables ReLU kink handling). */
  readonly source?: { readonly architecture: Architecture; readonly data: Dataset };
}

/** `options.fast` (TrainOptions.fast): the Hessian kernel keeps its sample block between calls (HessianOptions.reuseSamples). */
export function networkObjective(architecture: Architecture, data: Dataset, options: { readonly fast?: boolean } = {}): CountingObjective {
  const hessianOptions = options.fast ? { reuseSamples: true } : {};
  const evaluator = createLossEvaluator(architecture, data);
  const counts: EvaluationCounts = { loss: 0, gradient: 0, hessian: 0 };
  const smooth = architecture.layers.every((l) => l.activation !== 'relu');
  return {
    dimension: parameterCount(architecture),
    smooth,
    counts,
    source: { architecture, data },
    loss(theta) {
      counts.loss++;
      return evaluator.loss(theta);
    },
    lossAndGradient(theta, grad) {
      counts.gradient++;
      return evaluator.lossAndGradient(theta, grad);
    },
    hessian(theta) {
      counts.hessian++;
      return hessian(architecture, theta, data, hessianOptions);
    },
  };
}

/** Wraps any Objective with evaluation counters. */
export function countingObjective(objective: Objective): CountingObjective {
  const counts: EvaluationCounts = { loss: 0, gradient: 0, hessian: 0 };
  return {
    dimension: objective.dimension,
    smooth: objective.smooth,
    counts,
    ...('source' in objective ? { source: (objective as CountingObjective).source } : {}),
    loss(theta) {
      counts.loss++;
      return objective.loss(theta);
    },
    lossAndGradient(theta, grad) {
      counts.gradient++;
      return objective.lossAndGradient(theta, grad);
    },
    hessian(theta) {
      counts.hessian++;
      return objective.hessian(theta);
    },
  };
}

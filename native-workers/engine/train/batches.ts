/**
 * Minibatch access to a dataset: one loss evaluator over the data, a shuffled sample order, and
 * batches as contiguous ranges of that order (no buffers rebuilt per batch; see
 * LossEvaluator.lossAndGradientRange / reorder in ../loss).
 */
import { createLossEvaluator, type LossEvaluator } from '../derivatives/loss';
import type { Rng } from '../core/random';
import type { Architecture, Dataset } from '../core/types';
import { TrainError } from './types';

export class MinibatchSource {
  private readonly evaluator: LossEvaluator;
  /** Position i of the current order holds sample order[i]. */
  private readonly order: Int32Array;
  readonly count: number;

  constructor(
    architecture: Architecture,
    data: Dataset,
    readonly batchSize: number,
  ) {
    if (!Number.isInteger(batchSize) || batchSize < 1)
      throw new TrainError(`batchSize must be a positive integer, got ${batchSize}`);
    this.count = data.count;
    this.evaluator = createLossEvaluator(architecture, data);
    this.order = Int32Array.from({ length: data.count }, (_, i) => i);
  }

  /** Batches per epoch (the last one may be smaller). */
  get batches(): number {
    return Math.ceil(this.count / this.batchSize);
  }

  /** Fisher–Yates shuffle of the sample order with the given generator. */
  shuffle(rng: Rng): void {
    const order = this.order;
    for (let i = this.count - 1; i > 0; i--) {
      const j = Math.floor(rng.uniform() * (i + 1));
      if (j === i) continue;
      const t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    this.evaluator.reorder(order);
  }

  /** Loss and gradient of batch b of the current order (mean over the batch's samples). */
  lossAndGradient(theta: Float64Array, b: number, grad: Float64Array): number {
    const start = b * this.batchSize;
    const end = Math.min(start + this.batchSize, this.count);
    return this.evaluator.lossAndGradientRange(theta, grad, start, end);
  }
}

/**
 * The `evaluate` task: L(θ) and ‖∇L‖ of one point without a spectrum. The data is taken in blocks
 * of samples so progress flows (the pool's hang detector measures silence): with block b holding
 * n_b of the N samples, L = Σ_b (n_b / N)·L_b and ∇L = Σ_b (n_b / N)·∇L_b (L is a mean over samples).
 */
import { TASKS, type TaskResult } from '../../contract/tasks';
import { lossAndGradient, type Dataset, type Network } from '../engine';
import { TaskCancelledError, type TaskContext } from '../pool/runtime';
import { checkFits, toDataset, toNetwork } from './inputs';

/** Samples × parameters per block: about 2·10⁷ multiply-adds between progress reports. */
const BLOCK_WORK = 2e7;

export function evaluateTask(raw: unknown, context: TaskContext): TaskResult<'evaluate'> {
  const payload = TASKS.evaluate.payload.parse(raw);
  const network = toNetwork(payload.network);
  const data = toDataset(payload.data);
  checkFits(network, data);
  const block = Math.max(1, Math.min(data.count, Math.floor(BLOCK_WORK / network.theta.length)));
  const { loss, gradNorm } = lossAndGradNormInBlocks(network, data, block, (done) => {
    if (context.shouldStop()) throw new TaskCancelledError('evaluation cancelled');
    context.progress({ progress: done / data.count, step: done, loss: null });
  });
  return { loss, gradNorm, parameterCount: network.theta.length };
}

/** L and ‖∇L‖ over `data` taken `block` samples at a time; `afterBlock(samplesDone)` between blocks. */
export function lossAndGradNormInBlocks(network: Network, data: Dataset, block: number, afterBlock: (samplesDone: number) => void): { loss: number; gradNorm: number } {
  const P = network.theta.length;
  const N = data.count;
  const grad = new Float64Array(P);
  const part = new Float64Array(P);
  let loss = 0;
  for (let start = 0; start < N; start += block) {
    const n = Math.min(block, N - start);
    const slice: Dataset = {
      count: n,
      inputDim: data.inputDim,
      outputDim: data.outputDim,
      X: data.X.subarray(start * data.inputDim, (start + n) * data.inputDim),
      Y: data.Y.subarray(start * data.outputDim, (start + n) * data.outputDim),
    };
    const w = n / N;
    loss += w * lossAndGradient(network.architecture, network.theta, slice, part);
    for (let k = 0; k < P; k++) grad[k] += w * part[k];
    afterBlock(start + n);
  }
  let g2 = 0;
  for (let k = 0; k < P; k++) g2 += grad[k] * grad[k];
  return { loss, gradNorm: Math.sqrt(g2) };
}

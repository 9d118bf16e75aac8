/** The `split` task: duplicate a hidden neuron with factor γ (paper §3.1) and check what changed. */
import { TASKS, type TaskResult } from '../../contract/tasks';
import type { TaskContext } from '../pool/runtime';
import { checkFits, InputError, toDataset, toNetwork } from './inputs';
import { splitWithCheck } from '../engine';

export function splitTask(raw: unknown, context: TaskContext): TaskResult<'split'> {
  const payload = TASKS.split.payload.parse(raw);
  const network = toNetwork(payload.network);
  const data = toDataset(payload.data);
  checkFits(network, data);
  const layers = network.architecture.layers;
  if (payload.layer >= layers.length - 1)
    throw new InputError(`layer: ${payload.layer} is not a hidden layer (the network has ${layers.length - 1})`);
  context.progress({ progress: 0, step: 0, loss: null });
  const { split, exact, check } = splitWithCheck(network, payload, data);
  return {
    architecture: { layers: split.network.architecture.layers.map((l) => ({ ...l })) },
    theta: Float64Array.from(split.network.theta),
    loss: check!.lossAfter,
    gradNorm: check!.gradNormAfter,
    maxFunctionChange: check!.maxFunctionChange,
    exactTheta: Float64Array.from(exact.network.theta),
    exactLoss: check!.lossExact,
    exactGradNorm: check!.gradNormExact,
  };
}

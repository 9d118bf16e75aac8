/** The `split` task: duplicate a hidden neuron with factor γ (paper §3.1) and check what changed. */
import { TASKS, type TaskResult } from '../../contract/tasks';
import { predict } from '../engine/forward';
import { lossAndGradient } from '../engine/loss';
import { splitNeuron } from '../engine/neurons';
import { Rng } from '../engine/random';
import type { TaskContext } from '../pool/runtime';
import { checkFits, InputError, toDataset, toNetwork } from './inputs';

export function splitTask(raw: unknown, context: TaskContext): TaskResult<'split'> {
  const payload = TASKS.split.payload.parse(raw);
  const network = toNetwork(payload.network);
  const data = toDataset(payload.data);
  checkFits(network, data);
  const layers = network.architecture.layers;
  if (payload.layer >= layers.length - 1)
    throw new InputError(`layer: ${payload.layer} is not a hidden layer (the network has ${layers.length - 1})`);
  const spec = layers[payload.layer]!;
  let direction: Float64Array | undefined;
  if (payload.perturb > 0) {
    const rng = new Rng(payload.perturbSeed);
    direction = Float64Array.from({ length: spec.inputs + (spec.bias ? 1 : 0) }, () => rng.normal());
  }
  context.progress({ progress: 0, step: 0, loss: null });
  const split = splitNeuron(network, {
    layer: payload.layer,
    neuron: payload.neuron,
    gamma: payload.gamma,
    perturb: payload.perturb,
    ...(direction ? { direction } : {}),
  });
  const before = predict(network.architecture, network.theta, data.X, data.count);
  const after = predict(split.network.architecture, split.network.theta, data.X, data.count);
  let maxFunctionChange = 0;
  for (let i = 0; i < before.length; i++) maxFunctionChange = Math.max(maxFunctionChange, Math.abs(after[i]! - before[i]!));
  const grad = new Float64Array(split.network.theta.length);
  const loss = lossAndGradient(split.network.architecture, split.network.theta, data, grad);
  let g = 0;
  for (const x of grad) g += x * x;
  return {
    architecture: { layers: split.network.architecture.layers.map((l) => ({ ...l })) },
    theta: Float64Array.from(split.network.theta),
    loss,
    gradNorm: Math.sqrt(g),
    maxFunctionChange,
  };
}

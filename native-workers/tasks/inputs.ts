/** Turning task inputs into engine values: networks, datasets (teacher data cached per worker). */
import type { TaskData, TaskNetwork } from '../../contract/tasks';
import { parseCheckpoint } from '../engine';
import { validateArchitecture } from '../engine';
import { parameterCount } from '../engine';
import { teacherDataset } from '../engine';
import type { Dataset, Network } from '../engine';

/** The task's input is inconsistent (reported to the client as an invalid request). */
export class InputError extends Error {
  override name = 'InputError';
  /** A wrong input (see engine/core/errors.ts): reported to the user as their error, not a failure. */
  readonly code = 'input' as const;
}

const CACHE_SIZE = 4;
const teacherCache = new Map<string, Dataset>();

/** A teacher preset's dataset; the last few are kept, since a batch reuses one dataset for every seed. */
export function teacherData(teacher: 'fig3a' | 'fig3c' | 'fig6', samples: number | undefined, dataSeed: number): Dataset {
  const key = `${teacher}|${samples ?? 'default'}|${dataSeed}`;
  let data = teacherCache.get(key);
  if (!data) {
    data = teacherDataset(teacher, { ...(samples !== undefined ? { samples } : {}), dataSeed });
    teacherCache.set(key, data);
    if (teacherCache.size > CACHE_SIZE) teacherCache.delete(teacherCache.keys().next().value!);
  }
  return data;
}

export function toDataset(data: TaskData): Dataset {
  if (data.kind === 'teacher') return teacherData(data.teacher, data.samples, data.dataSeed);
  if (data.X.length !== data.count * data.inputDim) throw new InputError(`data.X: has ${data.X.length} values, expected ${data.count}×${data.inputDim}`);
  if (data.Y.length !== data.count * data.outputDim) throw new InputError(`data.y: has ${data.Y.length} values, expected ${data.count}×${data.outputDim}`);
  return { count: data.count, inputDim: data.inputDim, outputDim: data.outputDim, X: data.X, Y: data.Y };
}

export function toNetwork(network: TaskNetwork): Network {
  if (network.kind === 'checkpoint') return parseCheckpoint(network.checkpoint);
  validateArchitecture(network.architecture);
  const P = parameterCount(network.architecture);
  if (network.theta.length !== P) throw new InputError(`theta: has ${network.theta.length} entries, the architecture needs ${P}`);
  return { architecture: network.architecture, theta: network.theta };
}

/** Network and data must fit together. */
export function checkFits(network: Network, data: Dataset): void {
  const layers = network.architecture.layers;
  if (layers[0].inputs !== data.inputDim)
    throw new InputError(`data: inputs have ${data.inputDim} dimensions, the network expects ${layers[0].inputs}`);
  if (layers[layers.length - 1].outputs !== data.outputDim)
    throw new InputError(`data: targets have ${data.outputDim} dimensions, the network outputs ${layers[layers.length - 1].outputs}`);
}

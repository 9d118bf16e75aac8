import { parameterCount, validateArchitecture } from '../core/layout';
import type { Architecture, Dataset } from '../core/types';
import { LandscapeError } from './errors';
import { generalPlaneEvaluator } from './generalPlane';
import type { PlaneEvaluator } from './planeEvaluator';
import { twoLayerPiecewiseEvaluator } from './twoLayerPiecewise';
import { twoLayerProjections } from './twoLayerProjections';
import { twoLayerSmoothEvaluator } from './twoLayerSmooth';
import { twoLayerSmoothArenaEvaluator } from './twoLayerSmoothArena';

export interface PlaneEvaluatorOptions {
  /** 'auto' (default) picks the fastest exact path; 'general' forces the full-loss fallback. */
  readonly path?: 'auto' | 'general';
}

/** Checks shapes and picks the fastest exact algorithm for the plane θ₀ + α·u + β·v. */
export function createPlaneEvaluator(
  architecture: Architecture,
  theta0: Float64Array,
  u: Float64Array,
  v: Float64Array,
  data: Dataset,
  options: PlaneEvaluatorOptions = {},
): PlaneEvaluator {
  validatePlaneInputs(architecture, theta0, u, v, data);
  const layers = architecture.layers;
  if ((options.path ?? 'auto') === 'auto' && layers.length === 2) {
    const hidden = layers[0].activation;
    const output = layers[1].activation;
    const projections = twoLayerProjections(architecture, theta0, u, v, data);
    if ((hidden === 'relu' || hidden === 'identity') && output === 'identity')
      return twoLayerPiecewiseEvaluator(projections, data.Y, hidden === 'identity');
    return twoLayerSmoothArenaEvaluator(projections, data.Y, hidden, output) ?? twoLayerSmoothEvaluator(projections, data.Y, hidden, output);
  }
  return generalPlaneEvaluator(architecture, theta0, u, v, data);
}

export function validatePlaneInputs(
  architecture: Architecture,
  theta0: Float64Array,
  u: Float64Array,
  v: Float64Array,
  data: Dataset,
): void {
  validateArchitecture(architecture);
  const P = parameterCount(architecture);
  for (const [name, vec] of [
    ['theta0', theta0],
    ['u', u],
    ['v', v],
  ] as const) {
    if (vec.length !== P) throw new LandscapeError(`${name} has ${vec.length} entries, expected ${P} parameters`);
    checkFinite(name, vec);
  }
  const first = architecture.layers[0];
  const last = architecture.layers[architecture.layers.length - 1];
  if (data.inputDim !== first.inputs)
    throw new LandscapeError(`data.inputDim is ${data.inputDim}, the network expects ${first.inputs}`);
  if (data.outputDim !== last.outputs)
    throw new LandscapeError(`data.outputDim is ${data.outputDim}, the network has ${last.outputs} outputs`);
  if (data.count < 1) throw new LandscapeError('data.count must be ≥ 1');
  if (data.X.length !== data.count * data.inputDim)
    throw new LandscapeError(`data.X has ${data.X.length} entries, expected count × inputDim = ${data.count * data.inputDim}`);
  if (data.Y.length !== data.count * data.outputDim)
    throw new LandscapeError(`data.Y has ${data.Y.length} entries, expected count × outputDim = ${data.count * data.outputDim}`);
  checkFinite('data.X', data.X);
  checkFinite('data.Y', data.Y);
}

function checkFinite(name: string, values: Float64Array): void {
  for (let i = 0; i < values.length; i++)
    if (!Number.isFinite(values[i])) throw new LandscapeError(`${name}[${i}] is ${values[i]}, expected a finite number`);
}

/** Argument checks shared by the derivative routines (forward, loss, HVP, Hessian). */
import { parameterCount, validateArchitecture } from './layout';
import type { Architecture, Dataset } from './types';

export class DerivativeShapeError extends Error {
  override name = 'DerivativeShapeError';
}

export function inputDimOf(architecture: Architecture): number {
  return architecture.layers[0].inputs;
}

export function outputDimOf(architecture: Architecture): number {
  return architecture.layers[architecture.layers.length - 1].outputs;
}

/** Validates the architecture and θ; returns the parameter count P. */
export function checkTheta(architecture: Architecture, theta: Float64Array, name = 'theta'): number {
  validateArchitecture(architecture);
  const P = parameterCount(architecture);
  if (theta.length !== P) throw new DerivativeShapeError(`${name} has ${theta.length} entries, expected ${P}`);
  return P;
}

export function checkVector(name: string, v: Float64Array, expected: number): void {
  if (v.length !== expected) throw new DerivativeShapeError(`${name} has ${v.length} entries, expected ${expected}`);
}

export function checkDataset(architecture: Architecture, data: Dataset): void {
  validateArchitecture(architecture);
  const din = inputDimOf(architecture);
  const dout = outputDimOf(architecture);
  if (!Number.isInteger(data.count) || data.count < 1)
    throw new DerivativeShapeError(`data.count must be a positive integer, got ${data.count}`);
  if (data.inputDim !== din) throw new DerivativeShapeError(`data.inputDim is ${data.inputDim}, the network expects ${din}`);
  if (data.outputDim !== dout)
    throw new DerivativeShapeError(`data.outputDim is ${data.outputDim}, the network outputs ${dout}`);
  if (data.X.length !== data.count * din)
    throw new DerivativeShapeError(`data.X has ${data.X.length} entries, expected count × inputDim = ${data.count * din}`);
  if (data.Y.length !== data.count * dout)
    throw new DerivativeShapeError(`data.Y has ${data.Y.length} entries, expected count × outputDim = ${data.count * dout}`);
}

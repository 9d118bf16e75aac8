import { networkWithSampleMajorInputs } from './sampleMajorInputs';
import { checkTheta, DerivativeShapeError, inputDimOf } from '../core/shapes';
import type { Architecture } from '../core/types';

/** Network outputs for `count` inputs (X row-major count × inputDim); returns count × outputDim. */
export function predict(architecture: Architecture, theta: Float64Array, X: Float64Array, count: number): Float64Array {
  checkTheta(architecture, theta);
  const din = inputDimOf(architecture);
  if (!Number.isInteger(count) || count < 0) throw new DerivativeShapeError(`count must be a non-negative integer, got ${count}`);
  if (X.length < count * din) throw new DerivativeShapeError(`X has ${X.length} entries, expected count × inputDim = ${count * din}`);
  if (count === 0) return new Float64Array(0);
  // on the GEMM, the first layer reads a sample-major copy of X (the dot-product kernel)
  const { net, setInputs } = networkWithSampleMajorInputs(architecture, count, { gradient: false });
  setInputs(X);
  net.forward(theta);
  return net.outputsRowMajor();
}

/** Small deterministic networks, data and directions for the landscape tests (a local LCG: tests only). */
import { parameterCount } from '../../../../native-workers/engine/core/layout';
import type { Architecture, Dataset } from '../../../../native-workers/engine/core/types';

export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function randomVector(n: number, rand: () => number, scale = 1): Float64Array {
  return Float64Array.from({ length: n }, () => scale * (2 * rand() - 1));
}

export function randomDataset(count: number, inputDim: number, outputDim: number, rand: () => number): Dataset {
  return {
    count,
    inputDim,
    outputDim,
    X: randomVector(count * inputDim, rand, 1.7),
    Y: randomVector(count * outputDim, rand),
  };
}

export interface PlaneCase {
  architecture: Architecture;
  theta0: Float64Array;
  u: Float64Array;
  v: Float64Array;
  data: Dataset;
}

export function planeCase(architecture: Architecture, count: number, seed: number): PlaneCase {
  const rand = lcg(seed);
  const P = parameterCount(architecture);
  const first = architecture.layers[0];
  const last = architecture.layers[architecture.layers.length - 1];
  return {
    architecture,
    theta0: randomVector(P, rand),
    u: randomVector(P, rand, 0.8),
    v: randomVector(P, rand, 0.8),
    data: randomDataset(count, first.inputs, last.outputs, rand),
  };
}

/** θ₀ + α·u + β·v */
export function pointOnPlane(c: PlaneCase, alpha: number, beta: number): Float64Array {
  return c.theta0.map((t, i) => t + alpha * c.u[i] + beta * c.v[i]);
}

/** Deterministic test problems for the derivative tests (a fixed LCG; tests only). */
import { parameterCount } from '../../../native-workers/engine/core/layout';
import type { ActivationName, Architecture, Dataset } from '../../../native-workers/engine/core/types';

export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

export function uniformVector(n: number, rand: () => number, scale = 1): Float64Array {
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) v[i] = scale * (2 * rand() - 1);
  return v;
}

/** An MLP with the given layer widths [d, h₁, …, k], hidden activations and bias flags. */
export function mlp(
  widths: readonly number[],
  activations: readonly ActivationName[],
  bias: boolean | readonly boolean[] = true,
  outputActivation: ActivationName = 'identity',
): Architecture {
  return {
    layers: widths.slice(1).map((outputs, i) => ({
      inputs: widths[i],
      outputs,
      bias: typeof bias === 'boolean' ? bias : bias[i],
      activation: i === widths.length - 2 ? outputActivation : activations[i % activations.length],
    })),
  };
}

export interface Problem {
  readonly architecture: Architecture;
  readonly theta: Float64Array;
  readonly data: Dataset;
}

export function randomProblem(architecture: Architecture, count: number, seed: number, thetaScale = 0.8): Problem {
  const rand = lcg(seed);
  const d = architecture.layers[0].inputs;
  const k = architecture.layers[architecture.layers.length - 1].outputs;
  return {
    architecture,
    theta: uniformVector(parameterCount(architecture), rand, thetaScale),
    data: { count, inputDim: d, outputDim: k, X: uniformVector(count * d, rand, Math.sqrt(3)), Y: uniformVector(count * k, rand) },
  };
}

export function maxAbs(v: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i]));
  return m;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

import { parameterCount, validateArchitecture } from './layout';
import type { Rng } from './random';
import type { Architecture } from './types';

/**
 * Random initial parameters. Weights are drawn layer by layer in θ order (row-major out × in);
 * biases are zero, as in the paper (Appendix F: "Glorot normal initialization").
 * - glorot_normal: N(0, 2/(fan_in + fan_out)), a plain (untruncated) normal like Flux.jl's
 *   glorot_normal (the paper trained with the Julia package MLPGradientFlow.jl); Keras truncates.
 * - glorot_uniform: U(−a, a), a = √(6/(fan_in + fan_out)).
 * - he_normal: N(0, 2/fan_in).
 */
export const INIT_SCHEMES = ['glorot_normal', 'glorot_uniform', 'he_normal'] as const;
export type InitScheme = (typeof INIT_SCHEMES)[number];

export class InitError extends Error {
  override name = 'InitError';
}

export function initialize(architecture: Architecture, scheme: InitScheme, rng: Rng): Float64Array {
  validateArchitecture(architecture);
  if (!(INIT_SCHEMES as readonly string[]).includes(scheme))
    throw new InitError(`unknown initialization scheme '${String(scheme)}'; valid: ${INIT_SCHEMES.join(', ')}`);
  const theta = new Float64Array(parameterCount(architecture));
  let at = 0;
  for (const layer of architecture.layers) {
    const fanIn = layer.inputs;
    const fanOut = layer.outputs;
    const weights = fanIn * fanOut;
    if (scheme === 'glorot_uniform') {
      const a = Math.sqrt(6 / (fanIn + fanOut));
      for (let i = 0; i < weights; i++) theta[at + i] = a * (2 * rng.uniform() - 1);
    } else {
      const std = scheme === 'he_normal' ? Math.sqrt(2 / fanIn) : Math.sqrt(2 / (fanIn + fanOut));
      for (let i = 0; i < weights; i++) theta[at + i] = std * rng.normal();
    }
    at += weights + (layer.bias ? fanOut : 0);
  }
  return theta;
}

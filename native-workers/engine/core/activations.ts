/**
 * Scalar activation functions with exact first and second derivatives.
 *
 * Conventions: relu'(0) = 0 and relu'' ≡ 0 (a unit with pre-activation exactly 0 counts as
 * inactive; the kink itself carries no curvature). softplus is the exact log(1+eˣ) for all x
 * (PyTorch switches to x above 20; the two agree to within e^{−20}·… there).
 */
import { ACTIVATIONS, type ActivationName } from './types';
import { normalCdf, normalPdf, sigmoid, sigmoidD1, sigmoidD2, softplus } from './special';

export { ACTIVATIONS };

export interface Activation {
  readonly name: ActivationName;
  f(x: number): number;
  d1(x: number): number;
  d2(x: number): number;
}

export class ActivationError extends Error {
  override name = 'ActivationError';
}

/** sech²(x) = 4e/(1+e)² with e = exp(−2|x|): stays accurate where 1 − tanh²x would round to 0. */
function sech2(x: number): number {
  const e = Math.exp(-2 * Math.abs(x));
  const q = 1 + e;
  return (4 * e) / (q * q);
}

const TABLE: Record<ActivationName, Activation> = {
  identity: { name: 'identity', f: (x) => x, d1: () => 1, d2: () => 0 },
  relu: { name: 'relu', f: (x) => (x > 0 ? x : 0), d1: (x) => (x > 0 ? 1 : 0), d2: () => 0 },
  softplus: { name: 'softplus', f: softplus, d1: sigmoid, d2: sigmoidD1 },
  sigmoid: { name: 'sigmoid', f: sigmoid, d1: sigmoidD1, d2: sigmoidD2 },
  tanh: {
    name: 'tanh',
    f: Math.tanh,
    d1: sech2,
    d2: (x) => -2 * Math.tanh(x) * sech2(x),
  },
  // GELU in its exact erf form x·Φ(x): d1 = Φ + xφ, d2 = φ·(2 − x²) since φ' = −xφ.
  gelu: {
    name: 'gelu',
    f: (x) => x * normalCdf(x),
    d1: (x) => normalCdf(x) + x * normalPdf(x),
    d2: (x) => normalPdf(x) * (2 - x * x),
  },
  normal_cdf: { name: 'normal_cdf', f: normalCdf, d1: normalPdf, d2: (x) => -x * normalPdf(x) },
  // g(x) = σ(4x) + softplus(x).
  g: {
    name: 'g',
    f: (x) => sigmoid(4 * x) + softplus(x),
    d1: (x) => 4 * sigmoidD1(4 * x) + sigmoid(x),
    d2: (x) => 16 * sigmoidD2(4 * x) + sigmoidD1(x),
  },
  square: { name: 'square', f: (x) => 0.5 * x * x, d1: (x) => x, d2: () => 1 },
};

export function isActivationName(name: string): name is ActivationName {
  return (ACTIVATIONS as readonly string[]).includes(name);
}

export function activation(name: ActivationName): Activation {
  const act = isActivationName(name) ? TABLE[name] : undefined;
  if (!act) throw new ActivationError(`unknown activation "${String(name)}"; expected one of ${ACTIVATIONS.join(', ')}`);
  return act;
}

/**
 * Core value types of the engine. Everything is float64; matrices are row-major.
 *
 * Parameter layout (one flat Float64Array θ): for each layer in order,
 *   weight (row-major, outputs × inputs), then bias (outputs entries) if the layer has one.
 * Loss convention: L(θ) = (1/N) Σₙ ‖f(xₙ) − yₙ‖² (plain MSE, no ½).
 */

export const ACTIVATIONS = [
  'identity',
  'relu',
  'softplus',
  'sigmoid',
  'tanh',
  'gelu',
  'normal_cdf',
  'g',
  'square',
] as const;

export type ActivationName = (typeof ACTIVATIONS)[number];

export interface LayerSpec {
  readonly inputs: number;
  readonly outputs: number;
  readonly bias: boolean;
  readonly activation: ActivationName;
}

/** A feed-forward MLP; layers[i].inputs === layers[i-1].outputs. */
export interface Architecture {
  readonly layers: readonly LayerSpec[];
}

/** An architecture together with its flat parameter vector θ. */
export interface Network {
  readonly architecture: Architecture;
  readonly theta: Float64Array;
}

/** N samples; X is N × inputDim and Y is N × outputDim, both row-major. */
export interface Dataset {
  readonly count: number;
  readonly inputDim: number;
  readonly outputDim: number;
  readonly X: Float64Array;
  readonly Y: Float64Array;
}

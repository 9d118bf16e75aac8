/** Recognizes the common two-layer, single-output shape d → m → 1 that has hand-tuned kernels. */
import { layerOffsets } from '../../core/layout';
import type { ActivationName, Architecture } from '../../core/types';

export interface TwoLayerShape {
  readonly inputDim: number;
  readonly width: number;
  readonly hiddenBias: boolean;
  readonly outputBias: boolean;
  readonly activation: ActivationName;
  /** Offsets in θ of W (width × inputDim), b (or −1), a (width) and c (or −1). */
  readonly w: number;
  readonly b: number;
  readonly a: number;
  readonly c: number;
}

/** The shape when `architecture` is d → m → 1 with an identity output layer, otherwise null. */
export function twoLayerSingleOutput(architecture: Architecture): TwoLayerShape | null {
  const layers = architecture.layers;
  if (layers.length !== 2) return null;
  const [hidden, output] = layers as readonly [(typeof layers)[0], (typeof layers)[0]];
  if (output.outputs !== 1 || output.activation !== 'identity') return null;
  const [o1, o2] = layerOffsets(architecture) as [ReturnType<typeof layerOffsets>[0], ReturnType<typeof layerOffsets>[0]];
  return {
    inputDim: hidden.inputs,
    width: hidden.outputs,
    hiddenBias: hidden.bias,
    outputBias: output.bias,
    activation: hidden.activation,
    w: o1.weight,
    b: o1.bias,
    a: o2.weight,
    c: o2.bias,
  };
}

import type { Architecture, LayerSpec } from './types';

export interface LayerOffsets {
  /** Index of W[0][0] in θ. */
  readonly weight: number;
  /** Index of b[0] in θ, or -1 when the layer has no bias. */
  readonly bias: number;
  /** One past the layer's last parameter. */
  readonly end: number;
}

export function layerParameterCount(layer: LayerSpec): number {
  return layer.outputs * layer.inputs + (layer.bias ? layer.outputs : 0);
}

export function parameterCount(architecture: Architecture): number {
  let total = 0;
  for (const layer of architecture.layers) total += layerParameterCount(layer);
  return total;
}

export function layerOffsets(architecture: Architecture): LayerOffsets[] {
  const offsets: LayerOffsets[] = [];
  let at = 0;
  for (const layer of architecture.layers) {
    const weight = at;
    at += layer.outputs * layer.inputs;
    const bias = layer.bias ? at : -1;
    if (layer.bias) at += layer.outputs;
    offsets.push({ weight, bias, end: at });
  }
  return offsets;
}

export class ArchitectureError extends Error {
  override name = 'ArchitectureError';
  /** A wrong input (see engine/core/errors.ts): reported to the user as their error, not a failure. */
  readonly code = 'input' as const;
}

/** Throws ArchitectureError naming the first inconsistency. */
export function validateArchitecture(architecture: Architecture): void {
  const { layers } = architecture;
  if (layers.length === 0) throw new ArchitectureError('architecture has no layers');
  layers.forEach((layer, i) => {
    if (!Number.isInteger(layer.inputs) || layer.inputs < 1)
      throw new ArchitectureError(`layers[${i}].inputs must be a positive integer, got ${layer.inputs}`);
    if (!Number.isInteger(layer.outputs) || layer.outputs < 1)
      throw new ArchitectureError(`layers[${i}].outputs must be a positive integer, got ${layer.outputs}`);
    if (i > 0 && layer.inputs !== layers[i - 1].outputs)
      throw new ArchitectureError(
        `layers[${i}].inputs (${layer.inputs}) must equal layers[${i - 1}].outputs (${layers[i - 1].outputs})`,
      );
  });
}

/** Architecture of a two-layer (one hidden layer) network d → m → k. */
export function twoLayerArchitecture(
  inputDim: number,
  width: number,
  outputDim: number,
  activation: LayerSpec['activation'],
  options: { hiddenBias?: boolean; outputBias?: boolean } = {},
): Architecture {
  return {
    layers: [
      { inputs: inputDim, outputs: width, bias: options.hiddenBias ?? true, activation },
      { inputs: width, outputs: outputDim, bias: options.outputBias ?? true, activation: 'identity' },
    ],
  };
}

/**
 * Row/column surgery on the flat parameter vector: insert, copy and delete hidden units of a
 * layer. A hidden unit j of layer l owns row j of W_l, entry j of b_l, and column j of W_{l+1}.
 */
import { layerOffsets, parameterCount } from '../core/layout';
import type { Architecture, LayerSpec, Network } from '../core/types';
import { NeuronOperationError } from './errors';

export interface UnitParameters {
  /** Incoming weights (layer inputs entries). */
  readonly incoming: Float64Array;
  /** Bias (0 when the layer has none). */
  readonly bias: number;
  /** Outgoing weights: column j of the next layer (its outputs entries). */
  readonly outgoing: Float64Array;
}

export function checkHiddenUnit(architecture: Architecture, layer: number, unit?: number): void {
  const L = architecture.layers.length;
  if (!Number.isInteger(layer) || layer < 0 || layer >= L - 1)
    throw new NeuronOperationError(`layer must be a hidden layer index in 0..${L - 2}, got ${layer}`);
  const m = architecture.layers[layer].outputs;
  if (unit !== undefined && (!Number.isInteger(unit) || unit < 0 || unit >= m))
    throw new NeuronOperationError(`neuron must be in 0..${m - 1} for layer ${layer} (width ${m}), got ${unit}`);
}

export function unitParameters(network: Network, layer: number, unit: number): UnitParameters {
  const { architecture, theta } = network;
  checkHiddenUnit(architecture, layer, unit);
  const spec = architecture.layers[layer];
  const next = architecture.layers[layer + 1];
  const off = layerOffsets(architecture);
  const incoming = theta.slice(off[layer].weight + unit * spec.inputs, off[layer].weight + (unit + 1) * spec.inputs);
  const bias = spec.bias ? theta[off[layer].bias + unit] : 0;
  const outgoing = new Float64Array(next.outputs);
  for (let o = 0; o < next.outputs; o++) outgoing[o] = theta[off[layer + 1].weight + o * next.inputs + unit];
  return { incoming, bias, outgoing };
}

/** Index map of one hidden unit's parameters in θ. */
export function unitIndices(architecture: Architecture, layer: number, unit: number): { incoming: number[]; bias: number; outgoing: number[] } {
  checkHiddenUnit(architecture, layer, unit);
  const spec = architecture.layers[layer];
  const next = architecture.layers[layer + 1];
  const off = layerOffsets(architecture);
  return {
    incoming: Array.from({ length: spec.inputs }, (_, i) => off[layer].weight + unit * spec.inputs + i),
    bias: spec.bias ? off[layer].bias + unit : -1,
    outgoing: Array.from({ length: next.outputs }, (_, o) => off[layer + 1].weight + o * next.inputs + unit),
  };
}

/**
 * Rebuilds a network whose hidden layer `layer` has the given units, in order; each entry is
 * either an existing unit index or new parameters.
 */
export function rebuildLayer(network: Network, layer: number, units: readonly (number | UnitParameters)[]): Network {
  const { architecture } = network;
  checkHiddenUnit(architecture, layer);
  if (units.length < 1) throw new NeuronOperationError(`layer ${layer} must keep at least one neuron`);
  const spec = architecture.layers[layer];
  const next = architecture.layers[layer + 1];
  const layers: LayerSpec[] = architecture.layers.map((l, i) => {
    if (i === layer) return { ...l, outputs: units.length };
    if (i === layer + 1) return { ...l, inputs: units.length };
    return { ...l };
  });
  const arch: Architecture = { layers };
  const theta = new Float64Array(parameterCount(arch));
  const oldOff = layerOffsets(architecture);
  const newOff = layerOffsets(arch);
  // Unaffected layers keep their blocks.
  architecture.layers.forEach((_, i) => {
    if (i === layer || i === layer + 1) return;
    theta.set(network.theta.subarray(oldOff[i].weight, oldOff[i].end), newOff[i].weight);
  });
  const params = units.map((u) => (typeof u === 'number' ? unitParameters(network, layer, u) : u));
  params.forEach((p, j) => {
    if (p.incoming.length !== spec.inputs)
      throw new NeuronOperationError(`new neuron ${j}: incoming has ${p.incoming.length} entries, expected ${spec.inputs}`);
    if (p.outgoing.length !== next.outputs)
      throw new NeuronOperationError(`new neuron ${j}: outgoing has ${p.outgoing.length} entries, expected ${next.outputs}`);
    theta.set(p.incoming, newOff[layer].weight + j * spec.inputs);
    if (spec.bias) theta[newOff[layer].bias + j] = p.bias;
    for (let o = 0; o < next.outputs; o++) theta[newOff[layer + 1].weight + o * units.length + j] = p.outgoing[o];
  });
  if (next.bias) theta.set(network.theta.subarray(oldOff[layer + 1].bias, oldOff[layer + 1].end), newOff[layer + 1].bias);
  return { architecture: arch, theta };
}

/** Zero-type neuron addition and neuron removal. */
import type { Network } from '../core/types';
import { NeuronOperationError } from './errors';
import { checkHiddenUnit, rebuildLayer } from './surgery';

export interface AddNeuronOptions {
  readonly layer: number;
  /** Incoming weights of the new unit (default zeros). */
  readonly incoming?: Float64Array;
  readonly bias?: number;
}

/**
 * Appends a zero-type neuron (outgoing weights 0, Fukumizu & Amari 2000): the function is
 * unchanged; at a point with loss > 0 criticality is generally not preserved.
 */
export function addZeroNeuron(network: Network, options: AddNeuronOptions): { network: Network; neuron: number } {
  const { layer } = options;
  checkHiddenUnit(network.architecture, layer);
  const spec = network.architecture.layers[layer];
  const next = network.architecture.layers[layer + 1];
  const incoming = options.incoming ?? new Float64Array(spec.inputs);
  if (incoming.length !== spec.inputs)
    throw new NeuronOperationError(`incoming has ${incoming.length} entries, expected ${spec.inputs}`);
  const bias = options.bias ?? 0;
  if (!spec.bias && bias !== 0) throw new NeuronOperationError(`layer ${layer} has no bias, got bias ${bias}`);
  const m = spec.outputs;
  const units = [...Array.from({ length: m }, (_, j) => j), { incoming, bias, outgoing: new Float64Array(next.outputs) }];
  return { network: rebuildLayer(network, layer, units), neuron: m };
}

/** Removes hidden unit `neuron` of `layer` (the function changes by its contribution). */
export function removeNeuron(network: Network, options: { layer: number; neuron: number }): Network {
  checkHiddenUnit(network.architecture, options.layer, options.neuron);
  const m = network.architecture.layers[options.layer].outputs;
  const keep = Array.from({ length: m }, (_, j) => j).filter((j) => j !== options.neuron);
  return rebuildLayer(network, options.layer, keep);
}

/**
 * Grow (embed): widen hidden layer `layer` from m₀ to m units by appending m − m₀ new neurons whose
 * incoming weights are Glorot-normal, N(0, 2/(fan_in + fan_out)) with the *grown* layer's fans, and
 * bias 0 (the initializer's convention). Outgoing weights are 0 by default, so the network function
 * is exactly unchanged at the moment of growing (zero-type neurons, Fukumizu & Amari 2000); with
 * `outgoing: 'glorot'` they are Glorot-normal too (App. F.1's "concatenate fresh random neurons",
 * which changes the function). The ticket's own units keep their indices 0..m₀−1.
 */
import { Rng } from '../core/random';
import type { Network } from '../core/types';
import { NeuronOperationError } from './errors';
import { checkHiddenUnit, rebuildLayer, type UnitParameters } from './surgery';

export interface GrowOptions {
  readonly layer?: number;
  /** Target width of the layer (≥ its current width). */
  readonly to: number;
  /** Seed of the new neurons' weights (the ticket's seed is independent of it). */
  readonly seed: number;
  readonly outgoing?: 'zero' | 'glorot';
}

export function growNetwork(network: Network, options: GrowOptions): { network: Network; added: number[] } {
  const layer = options.layer ?? 0;
  checkHiddenUnit(network.architecture, layer);
  const spec = network.architecture.layers[layer];
  const next = network.architecture.layers[layer + 1];
  const from = spec.outputs;
  const to = options.to;
  if (!Number.isInteger(to) || to < from) throw new NeuronOperationError(`grow: target width must be an integer ≥ the current width ${from}, got ${to}`);
  if (to > 100_000) throw new NeuronOperationError(`grow: target width ${to} is too large (at most 100000)`);
  if (!Number.isInteger(options.seed) || options.seed < 0) throw new NeuronOperationError(`grow: seed must be a non-negative integer, got ${options.seed}`);
  const rng = new Rng(options.seed);
  const inStd = Math.sqrt(2 / (spec.inputs + to));
  const outStd = Math.sqrt(2 / (to + next.outputs));
  const units: (number | UnitParameters)[] = Array.from({ length: from }, (_, j) => j);
  const added: number[] = [];
  for (let j = from; j < to; j++) {
    const incoming = new Float64Array(spec.inputs);
    for (let i = 0; i < spec.inputs; i++) incoming[i] = inStd * rng.normal();
    const outgoing = new Float64Array(next.outputs);
    if (options.outgoing === 'glorot') for (let o = 0; o < next.outputs; o++) outgoing[o] = outStd * rng.normal();
    units.push({ incoming, bias: 0, outgoing });
    added.push(j);
  }
  return { network: rebuildLayer(network, layer, units), added };
}

/**
 * Neuron splitting (paper §3.1, Fukumizu & Amari 2000): hidden unit i is duplicated; both copies
 * keep its incoming weights and bias, the outgoing weights become γ·a (unit i) and (1−γ)·a (the
 * new unit, appended as the layer's last unit). The network function is unchanged, and a
 * critical point stays critical (Thm. 3.1).
 *
 * Optional perturbation ε along a unit vector v of the incoming weights+bias:
 *   copy i: u + ε(1−γ)v,  new copy: u − εγv,
 * the split-difference direction that separates the copies while leaving the function unchanged
 * to first order (γ·(1−γ)ε − (1−γ)·γε = 0).
 */
import { hypot } from '../core/hypot';
import type { Network } from '../core/types';
import { NeuronOperationError } from './errors';
import { checkHiddenUnit, rebuildLayer, unitIndices, unitParameters } from './surgery';

export interface SplitOptions {
  /** Hidden layer index into architecture.layers (0 = first hidden layer). */
  readonly layer: number;
  readonly neuron: number;
  /** Share of the outgoing weight kept by the original unit. Default 0.5. */
  readonly gamma?: number;
  /** Size ε of the perturbation along the split-difference direction. Default 0. */
  readonly perturb?: number;
  /** Direction v (incoming weights then bias, normalized here). Required when perturb ≠ 0. */
  readonly direction?: Float64Array;
}

export interface SplitResult {
  readonly network: Network;
  /** Unit indices of the two copies in the new layer: [original, appended]. */
  readonly copies: readonly [number, number];
  readonly gamma: number;
}

export function splitNeuron(network: Network, options: SplitOptions): SplitResult {
  const { layer, neuron } = options;
  checkHiddenUnit(network.architecture, layer, neuron);
  const gamma = options.gamma ?? 0.5;
  if (!Number.isFinite(gamma)) throw new NeuronOperationError(`gamma must be a finite number, got ${gamma}`);
  const eps = options.perturb ?? 0;
  if (!Number.isFinite(eps)) throw new NeuronOperationError(`perturb must be a finite number, got ${eps}`);
  const spec = network.architecture.layers[layer];
  const size = spec.inputs + (spec.bias ? 1 : 0);
  const u = unitParameters(network, layer, neuron);
  let v = new Float64Array(size);
  if (eps !== 0) {
    if (!options.direction) throw new NeuronOperationError('perturb needs a direction (incoming weights then bias)');
    if (options.direction.length !== size)
      throw new NeuronOperationError(`direction has ${options.direction.length} entries, expected ${size}`);
    const n = hypot(options.direction);
    if (!(n > 0)) throw new NeuronOperationError('direction must be a nonzero vector');
    v = Float64Array.from(options.direction, (x) => x / n);
  }
  const shifted = (c: number) => ({
    incoming: Float64Array.from(u.incoming, (w, i) => w + c * v[i]),
    bias: spec.bias ? u.bias + c * v[spec.inputs] : 0,
  });
  const m = spec.outputs;
  const units = Array.from({ length: m + 1 }, (_, j) => {
    if (j === neuron) return { ...shifted(eps * (1 - gamma)), outgoing: Float64Array.from(u.outgoing, (a) => gamma * a) };
    if (j === m) return { ...shifted(-eps * gamma), outgoing: Float64Array.from(u.outgoing, (a) => (1 - gamma) * a) };
    return j;
  });
  return { network: rebuildLayer(network, layer, units), copies: [neuron, m], gamma };
}

/**
 * Per-parameter time-scale factors that make a split network follow exactly the trajectory of
 * the network before the split (App. E.2, Fig. E7): the copies' incoming weights and bias get
 * 1/γ and 1/(1−γ) (their gradients are γ and 1−γ times the original unit's, eq. 21), and, so
 * that γ·a and (1−γ)·a keep summing to the original unit's a(t), their outgoing weights get γ
 * and 1−γ (each copy's outgoing gradient equals the original's). All other factors are 1.
 * The paper only compensates the incoming weights; without the outgoing factors the summed
 * outgoing weight moves twice as fast and the trajectories separate.
 */
export function splitTimeScale(split: SplitResult, layer: number, options: { outgoing?: boolean } = {}): Float64Array {
  const { network, copies, gamma } = split;
  if (gamma === 0 || gamma === 1) throw new NeuronOperationError(`time-scale compensation needs γ ∉ {0, 1}, got ${gamma}`);
  const scale = new Float64Array(network.theta.length).fill(1);
  const shares = [gamma, 1 - gamma];
  copies.forEach((unit, k) => {
    const share = shares[k];
    if (share <= 0) throw new NeuronOperationError(`time-scale compensation needs 0 < γ < 1 (positive factors), got ${gamma}`);
    const idx = unitIndices(network.architecture, layer, unit);
    for (const p of idx.incoming) scale[p] = 1 / share;
    if (idx.bias >= 0) scale[idx.bias] = 1 / share;
    if (options.outgoing ?? true) for (const p of idx.outgoing) scale[p] = share;
  });
  return scale;
}

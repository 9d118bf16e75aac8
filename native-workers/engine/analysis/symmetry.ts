/**
 * How many zero Hessian eigenvalues a network's exact continuous symmetries force at a
 * critical point. Counted (each tangent direction of an exact symmetry orbit is a zero mode):
 * - positively homogeneous hidden activations (relu: degree 1, square: degree 2): rescaling
 *   a live unit's incoming weights+bias by α and its outgoing column by α^(−degree) → 1 per live unit;
 * - identity hidden layers of width m: GL(m) acting between the layers → m²;
 * - dead ReLU units: every incoming parameter and the outgoing column are flat;
 * - g copies of one unit (identical incoming weights and bias, as after a split): moving
 *   outgoing weight between the copies keeps the function → (g−1)·(next layer's outputs);
 * - k ReLU units active on every sample act linearly on the data: only the product A·[W, b] of
 *   their outgoing (o × k) and incoming (k × (i+1)) blocks matters, and with an output bias their
 *   bias column is absorbed by it. The product has rank r = min(k, o, q) (q = i, or i+1 when the
 *   bias column is not absorbed), so the block has k(i+b) + k·o − r(o + q − r) zero modes; the k
 *   rescalings among them are already counted above.
 * Zero-type units (outgoing column 0) are not counted: that is not a symmetry of a point with
 * loss > 0 (Fukumizu & Amari 2000).
 */
import { layerOffsets, parameterCount } from '../core/layout';
import type { Network } from '../core/types';
import type { UnitRef } from './types';

export function symmetryFlatCount(
  network: Network,
  deadUnits: readonly UnitRef[],
  duplicateUnits: readonly (readonly UnitRef[])[],
  linearUnits: readonly UnitRef[] = [],
): number {
  const { layers } = network.architecture;
  const offsets = layerOffsets(network.architecture);
  const theta = network.theta;
  const dead = new Set(deadUnits.map((u) => `${u.layer}:${u.unit}`));
  let count = 0;
  for (let l = 0; l < layers.length - 1; l++) {
    const spec = layers[l];
    const next = layers[l + 1];
    const { weight, bias } = offsets[l];
    const nextWeight = offsets[l + 1].weight;
    if (spec.activation === 'identity') {
      count += spec.outputs * spec.outputs;
      continue;
    }
    for (let j = 0; j < spec.outputs; j++) {
      if (dead.has(`${l}:${j}`)) {
        count += spec.inputs + (spec.bias ? 1 : 0) + next.outputs;
        continue;
      }
      if (spec.activation !== 'relu' && spec.activation !== 'square') continue;
      let incoming = bias >= 0 ? Math.abs(theta[bias + j]) : 0;
      for (let i = 0; i < spec.inputs; i++) incoming += Math.abs(theta[weight + j * spec.inputs + i]);
      let outgoing = 0;
      for (let o = 0; o < next.outputs; o++) outgoing += Math.abs(theta[nextWeight + o * next.inputs + j]);
      if (incoming > 0 && outgoing > 0) count += 1;
    }
  }
  for (let l = 0; l < layers.length - 1; l++) {
    const k = linearUnits.filter((u) => u.layer === l).length;
    if (k === 0 || layers[l].activation !== 'relu') continue;
    const spec = layers[l];
    const next = layers[l + 1];
    const hb = spec.bias ? 1 : 0;
    const absorbed = spec.bias && next.bias;
    const q = spec.inputs + (absorbed ? 0 : hb);
    const r = Math.min(k, next.outputs, q);
    count += k * (spec.inputs + hb) + k * next.outputs - r * (next.outputs + q - r) - k;
  }
  for (const group of duplicateUnits) {
    const first = group[0];
    if (dead.has(`${first.layer}:${first.unit}`)) continue;
    count += (group.length - 1) * layers[first.layer + 1].outputs;
  }
  return Math.min(count, parameterCount(network.architecture));
}

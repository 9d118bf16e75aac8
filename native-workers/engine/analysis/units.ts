/**
 * Per-unit facts about the hidden layers at one point: pre-activations, dead ReLU units,
 * samples sitting on ReLU kinks, and duplicated (split) units.
 */
import { activation } from '../core/activations';
import { layerOffsets } from '../core/layout';
import type { Dataset, Network } from '../core/types';
import type { KinkRef, UnitRef } from './types';

export interface HiddenLayerState {
  /** Index into architecture.layers. */
  readonly layer: number;
  /** N × outputs pre-activations. */
  readonly Z: Float64Array;
  /** N × outputs post-activations. */
  readonly A: Float64Array;
  /** Per-sample scale ‖wⱼ‖‖inₙ‖ + |bⱼ| used for the relative kink test, N × outputs. */
  readonly scale: Float64Array;
}

/** Forward pass that keeps every hidden layer's pre- and post-activations. */
export function hiddenStates(network: Network, data: Dataset): HiddenLayerState[] {
  const { layers } = network.architecture;
  const offsets = layerOffsets(network.architecture);
  const theta = network.theta;
  const N = data.count;
  let input = data.X;
  let inDim = data.inputDim;
  const states: HiddenLayerState[] = [];
  for (let l = 0; l < layers.length - 1; l++) {
    const spec = layers[l];
    const { weight, bias } = offsets[l];
    const act = activation(spec.activation);
    const m = spec.outputs;
    const Z = new Float64Array(N * m);
    const A = new Float64Array(N * m);
    const scale = new Float64Array(N * m);
    const rowNorm = new Float64Array(m);
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let i = 0; i < inDim; i++) s += theta[weight + j * inDim + i] ** 2;
      rowNorm[j] = Math.sqrt(s);
    }
    for (let n = 0; n < N; n++) {
      let xNorm = 0;
      for (let i = 0; i < inDim; i++) xNorm += input[n * inDim + i] ** 2;
      xNorm = Math.sqrt(xNorm);
      for (let j = 0; j < m; j++) {
        let z = bias >= 0 ? theta[bias + j] : 0;
        for (let i = 0; i < inDim; i++) z += theta[weight + j * inDim + i] * input[n * inDim + i];
        Z[n * m + j] = z;
        A[n * m + j] = act.f(z);
        scale[n * m + j] = rowNorm[j] * xNorm + (bias >= 0 ? Math.abs(theta[bias + j]) : 0);
      }
    }
    states.push({ layer: l, Z, A, scale });
    input = A;
    inDim = m;
  }
  return states;
}

export interface UnitReport {
  readonly deadUnits: UnitRef[];
  /** ReLU units strictly active on every sample (they act linearly on the data). */
  readonly linearUnits: UnitRef[];
  readonly kinks: KinkRef[];
  readonly kinkSamples: number;
  readonly duplicateUnits: UnitRef[][];
}

/**
 * Dead units: ReLU units with no sample strictly on the active side (z > tol).
 * Kinks: |z| ≤ kinkRelTolerance·scale (scale = ‖w‖‖x‖+|b|, floored at tiny to catch exact zeros).
 */
export function unitReport(
  network: Network,
  data: Dataset,
  states: readonly HiddenLayerState[],
  kinkRelTolerance: number,
): UnitReport {
  const { layers } = network.architecture;
  const deadUnits: UnitRef[] = [];
  const linearUnits: UnitRef[] = [];
  const kinks: KinkRef[] = [];
  let kinkSamples = 0;
  const N = data.count;
  for (const s of states) {
    const spec = layers[s.layer];
    if (spec.activation !== 'relu') continue;
    const m = spec.outputs;
    for (let j = 0; j < m; j++) {
      let active = false;
      let inactive = false;
      const samples: number[] = [];
      for (let n = 0; n < N; n++) {
        const z = s.Z[n * m + j];
        const tol = kinkRelTolerance * s.scale[n * m + j];
        if (Math.abs(z) <= tol) samples.push(n);
        else if (z > 0) active = true;
        else inactive = true;
      }
      if (!active) deadUnits.push({ layer: s.layer, unit: j });
      else if (!inactive && samples.length === 0) linearUnits.push({ layer: s.layer, unit: j });
      if (samples.length > 0) {
        kinks.push({ layer: s.layer, unit: j, samples });
        kinkSamples += samples.length;
      }
    }
  }
  return { deadUnits, linearUnits, kinks, kinkSamples, duplicateUnits: duplicateUnits(network) };
}

/** Groups of hidden units in one layer whose incoming weights and bias agree to 1e-12 (relative). */
export function duplicateUnits(network: Network): UnitRef[][] {
  const { layers } = network.architecture;
  const offsets = layerOffsets(network.architecture);
  const theta = network.theta;
  const groups: UnitRef[][] = [];
  for (let l = 0; l < layers.length - 1; l++) {
    const spec = layers[l];
    const { weight, bias } = offsets[l];
    const row = (j: number): number[] => {
      const r: number[] = [];
      for (let i = 0; i < spec.inputs; i++) r.push(theta[weight + j * spec.inputs + i]);
      if (bias >= 0) r.push(theta[bias + j]);
      return r;
    };
    const rows = Array.from({ length: spec.outputs }, (_, j) => row(j));
    const used = new Array<boolean>(spec.outputs).fill(false);
    for (let j = 0; j < spec.outputs; j++) {
      if (used[j]) continue;
      const group: UnitRef[] = [{ layer: l, unit: j }];
      for (let k = j + 1; k < spec.outputs; k++) {
        if (!used[k] && sameRow(rows[j], rows[k])) {
          used[k] = true;
          group.push({ layer: l, unit: k });
        }
      }
      if (group.length > 1) groups.push(group);
    }
  }
  return groups;
}

function sameRow(a: readonly number[], b: readonly number[]): boolean {
  let scale = 0;
  let diff = 0;
  for (let i = 0; i < a.length; i++) {
    scale = Math.max(scale, Math.abs(a[i]), Math.abs(b[i]));
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
  }
  return diff <= 1e-12 * Math.max(scale, 1e-300);
}

/**
 * Numbers near the float64 limit: a weight or input of 1e308 is finite, so it passes every schema,
 * but the loss overflows to Infinity (JSON `null`). A two-layer net's loss multiplies up to three
 * inputs (a·σ(w·x)) and squares the result, so |value| ≤ 1e50 keeps (1e50)⁶ = 1e300 < 1.8e308.
 * Larger values are refused up front with the name of the offending field.
 */
import type { TaskData, TaskNetwork } from '../../contract/tasks';

export const MAX_INPUT_MAGNITUDE = 1e50;

interface Found {
  readonly at: string;
  readonly value: number;
}

function scan(values: ArrayLike<number>, name: (i: number) => string): Found | null {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!(Math.abs(v) <= MAX_INPUT_MAGNITUDE)) return { at: name(i), value: v };
  }
  return null;
}

interface LayerLike {
  readonly inputs: number;
  readonly outputs: number;
  readonly bias: boolean;
}

/** The field name of θ[i] in checkpoint terms: layers[l].weight[o][j] or layers[l].bias[o]. */
export function thetaFieldName(layers: readonly LayerLike[], index: number, prefix: string): string {
  let at = index;
  for (const [l, layer] of layers.entries()) {
    const w = layer.inputs * layer.outputs;
    if (at < w) return `${prefix}layers[${l}].weight[${Math.floor(at / layer.inputs)}][${at % layer.inputs}]`;
    at -= w;
    if (layer.bias) {
      if (at < layer.outputs) return `${prefix}layers[${l}].bias[${at}]`;
      at -= layer.outputs;
    }
  }
  return `${prefix}theta[${index}]`;
}

/** A task network, or an engine network (readonly layers) as the CLI has it. */
type NetworkInput = Extract<TaskNetwork, { kind: 'checkpoint' }> | { kind: 'theta'; architecture: { layers: readonly LayerLike[] }; theta: Float64Array };

function networkProblem(network: NetworkInput, prefix: string): Found | null {
  if (network.kind === 'theta') return scan(network.theta, (i) => thetaFieldName(network.architecture.layers, i, prefix));
  for (const [l, layer] of network.checkpoint.layers.entries()) {
    for (const [o, row] of layer.weight.entries()) {
      const found = scan(row, (j) => `${prefix}layers[${l}].weight[${o}][${j}]`);
      if (found) return found;
    }
    const found = layer.bias ? scan(layer.bias, (o) => `${prefix}layers[${l}].bias[${o}]`) : null;
    if (found) return found;
  }
  return null;
}

/** An error message naming the first value too large for float64 arithmetic, or null. */
export function inputRangeProblem(network: NetworkInput | null, data: TaskData | null, fields: { network: string; data: string }): string | null {
  let found = network ? networkProblem(network, fields.network) : null;
  if (!found && data?.kind === 'inline') {
    found =
      scan(data.X, (i) => `${fields.data}X[${Math.floor(i / data.inputDim)}][${i % data.inputDim}]`) ??
      scan(data.Y, (i) => `${fields.data}y[${Math.floor(i / data.outputDim)}][${i % data.outputDim}]`);
  }
  if (!found) return null;
  return `${found.at}: ${found.value} is too large: with |values| above ${MAX_INPUT_MAGNITUDE.toExponential(0)} the loss overflows float64 (Infinity); rescale the network or the data`;
}

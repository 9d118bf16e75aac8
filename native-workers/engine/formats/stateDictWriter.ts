import { layerOffsets } from '../core/layout';
import type { Network } from '../core/types';
import type { Tensor } from './tensor';

/**
 * The network as nn.Sequential state_dict tensors: Linear layers at indices 0, 2, 4, … (an
 * activation module between them), `k.weight` [out, in] and `k.bias` [out]; float64.
 */
export function networkTensors(network: Network): Tensor[] {
  const out: Tensor[] = [];
  const offsets = layerOffsets(network.architecture);
  network.architecture.layers.forEach((layer, i) => {
    const o = offsets[i];
    const k = sequentialIndex(network, i);
    out.push({ name: `${k}.weight`, dtype: 'float64', shape: [layer.outputs, layer.inputs], data: network.theta.slice(o.weight, o.weight + layer.outputs * layer.inputs) });
    if (layer.bias) out.push({ name: `${k}.bias`, dtype: 'float64', shape: [layer.outputs], data: network.theta.slice(o.bias, o.bias + layer.outputs) });
  });
  return out;
}

/** Index of layer i's Linear in the matching nn.Sequential (identity activations add no module). */
export function sequentialIndex(network: Network, layer: number): number {
  let k = 0;
  for (let i = 0; i < layer; i++) k += network.architecture.layers[i].activation === 'identity' ? 1 : 2;
  return k;
}

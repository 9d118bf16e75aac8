/**
 * A BatchedNetwork whose first-layer forward products read a sample-major copy of the inputs
 * (denseOps.useSampleMajor): with X stored N × d beside the feature-major d × N copy, W·X is
 * contiguous along d in both operands and runs on the GEMM's dot-product kernel (gemmDot.ts).
 * Costs N·d·8 more bytes of arena (63 MB for 10,000 MNIST images), only when the products run
 * on the GEMM; where the larger arena cannot be had the network is built without the copy.
 * Also gives the ops their transpose scratch for the layers above (denseOps.useScratch):
 * max over layers l ≥ 1 of N·nin (forward) and nout·(N + nin) (backward) doubles — 2.4 MB for
 * 784→30→10 on 10,000 samples.
 */
import { BatchedNetwork, plannedProducts, type BatchedNetworkOptions } from './twoLayer/batchedNetwork';
import type { Architecture } from '../core/types';

export interface InputNetwork {
  readonly net: BatchedNetwork;
  /** The buffers asked for by `options.extra` (net.extra without the inputs' copy). */
  readonly extra: Float64Array[];
  /** Whether the sample-major copy exists. */
  readonly sampleMajor: boolean;
  /** net.setInputs(X) and the sample-major copy (X row-major count × inputDim). */
  setInputs(X: Float64Array): void;
}

export function networkWithSampleMajorInputs(architecture: Architecture, count: number, options: BatchedNetworkOptions = {}): InputNetwork {
  const extra = options.extra ?? [];
  const d = architecture.layers[0].inputs;
  let scratchSize = 0;
  for (const l of architecture.layers.slice(1)) scratchSize = Math.max(scratchSize, count * l.inputs, l.outputs * (count + l.inputs));
  let net: BatchedNetwork | null = null;
  let S: Float64Array | null = null;
  if (plannedProducts(architecture, count, options.products) === 'wasm') {
    const candidate = new BatchedNetwork(architecture, count, { ...options, extra: [...extra, count * d, scratchSize] });
    if (candidate.products === 'wasm') {
      net = candidate;
      S = candidate.extra[extra.length];
      if (scratchSize > 0) candidate.ops.useScratch(candidate.extra[extra.length + 1]);
    }
  }
  net ??= new BatchedNetwork(architecture, count, options);
  const built = net;
  const copy = S;
  return {
    net: built,
    extra: built.extra.slice(0, extra.length),
    sampleMajor: copy !== null,
    setInputs(X) {
      built.setInputs(X);
      if (!copy) return;
      copy.set(X.subarray(0, count * d));
      built.ops.useSampleMajor(built.Xt, copy);
    },
  };
}

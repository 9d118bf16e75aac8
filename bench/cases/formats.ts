/**
 * Loading a 10 MB checkpoint (P ≈ 1.3M float64 parameters: 2 → 1140 → 1140 → 1) in each format we
 * write, through openNetworkFile (format detection, parsing, name mapping, finiteness check).
 * The JSON case is the baseline in the same run (it was the only format before issue 10).
 */
import type { BenchCase } from '../harness';
import { openNetworkFile, writeNetworkFile } from '../../native-workers/engine/formats/networkFile';
import type { NetworkWriteFormat } from '../../native-workers/engine/formats/networkTypes';
import { initialize } from '../../native-workers/engine/core/init';
import { Rng } from '../../native-workers/engine/core/random';
import type { Architecture } from '../../native-workers/engine/core/types';

const architecture: Architecture = {
  layers: [
    { inputs: 2, outputs: 1140, bias: true, activation: 'tanh' },
    { inputs: 1140, outputs: 1140, bias: true, activation: 'tanh' },
    { inputs: 1140, outputs: 1, bias: true, activation: 'identity' },
  ],
};

function loadCase(format: NetworkWriteFormat): BenchCase {
  return {
    name: `formats.load10MB.${format}`,
    repetitions: 10,
    warmup: 2,
    maxSeconds: 20,
    setup: () => writeNetworkFile({ architecture, theta: initialize(architecture, 'glorot_normal', new Rng(1)) }, format),
    run: (bytes) => openNetworkFile(bytes as Uint8Array, `bench.${format}`, { activations: 'tanh' }).network.theta.length,
  };
}

const cases: BenchCase[] = (['pytorch', 'safetensors', 'npz', 'onnx', 'json'] as const).map(loadCase);
export default cases;

/** `escape-studio grow`: widen a checkpoint's hidden layer with Glorot-normal neurons, function unchanged. */
import { growNetwork } from '../../native-workers/engine';
import { parseFlags, UsageError } from './args';
import type { CliCommand } from './command';
import { FILE_FLAGS, loadNetwork, outputFormat, writeNetworkOut } from './inputs';

const FLAGS = { checkpoint: 'string', to: 'integer', seed: 'integer', layer: 'integer', out: 'string', 'random-outgoing': 'boolean', json: 'boolean', ...FILE_FLAGS } as const;

export const growCommand: CliCommand = {
  name: 'grow',
  usage:
    'grow --checkpoint FILE --to M --seed S --out G.json|.pt|.onnx|.safetensors|.npz [--layer 1] [--random-outgoing] [--json]\n' +
    '  New units get incoming weights N(0, 2/(fan_in + fan_out)) of the grown layer and bias 0; outgoing\n' +
    '  weights 0, so the function is unchanged (--random-outgoing draws them Glorot-normal too: it changes).',
  async run(argv, io) {
    const flags = parseFlags(argv, FLAGS);
    if (flags.checkpoint === undefined) throw new UsageError('--checkpoint is required');
    if (flags.to === undefined) throw new UsageError('--to is required (the new width)');
    if (flags.seed === undefined) throw new UsageError('--seed is required (seed of the new neurons)');
    if (flags.out === undefined) throw new UsageError('--out is required');
    outputFormat(flags.out);
    const network = loadNetwork(flags.checkpoint, io.cwd, flags);
    const hidden = network.architecture.layers.length - 1;
    const layerFlag = flags.layer ?? 1;
    if (layerFlag < 1 || layerFlag > hidden) throw new UsageError(`--layer must be a hidden layer in 1..${hidden}, got ${layerFlag}`);
    const width = network.architecture.layers[layerFlag - 1].outputs;
    if (flags.to < width) throw new UsageError(`--to must be at least the current width ${width}, got ${flags.to}`);
    if (flags.seed < 0) throw new UsageError(`--seed must be a non-negative integer, got ${flags.seed}`);
    const { network: grown, added } = growNetwork(network, { layer: layerFlag - 1, to: flags.to, seed: flags.seed, outgoing: flags['random-outgoing'] ? 'glorot' : 'zero' });
    writeNetworkOut(flags.out, io.cwd, grown, { grownFrom: flags.checkpoint, layer: layerFlag, from: width, to: flags.to, seed: flags.seed });
    const summary = { from: width, to: flags.to, added: added.map((j) => j + 1), parameterCount: grown.theta.length, functionPreserved: !flags['random-outgoing'] };
    io.stdout(flags.json ? JSON.stringify(summary) + '\n' : `wrote ${flags.out}: width ${width} → ${flags.to} (new units ${summary.added.join(', ')}), ${summary.parameterCount} parameters\n`);
    return 0;
  },
};

/** `escape-studio split`: split a hidden neuron of a checkpoint (paper §3.1) and save the result. */
import { splitWithCheck } from '../../native-workers/engine';
import { parseFlags, UsageError } from './args';
import type { CliCommand } from './command';
import { FILE_FLAGS, loadData, loadNetwork, outputFormat, writeNetworkOut } from './inputs';

const FLAGS = {
  checkpoint: 'string',
  layer: 'integer',
  neuron: 'integer',
  gamma: 'number',
  perturb: 'number',
  'perturb-seed': 'integer',
  out: 'string',
  data: 'string',
  teacher: 'string',
  samples: 'integer',
  'data-seed': 'integer',
  json: 'boolean',
  ...FILE_FLAGS,
} as const;

export interface SplitOutput {
  width: number;
  copies: [number, number];
  gamma: number;
  perturb: number;
  parameterCount: number;
  /** Only with --data/--teacher: max |f_split − f| over the samples, loss and ‖∇L‖ before and after. */
  /** "after" is the nudged start (what training would start from); "exact" the split point itself (ε = 0). */
  check?: {
    maxFunctionChange: number;
    lossBefore: number;
    lossAfter: number;
    gradNormBefore: number;
    gradNormAfter: number;
    lossExact: number;
    gradNormExact: number;
  };
}

export const splitCommand: CliCommand = {
  name: 'split',
  usage:
    'split --checkpoint FILE [--activation A | --activations A1,…] --layer L --neuron I [--gamma 0.5] [--perturb ε [--perturb-seed S]]\n' +
    '      --out F.json|.pt|.onnx|.safetensors|.npz\n' +
    '      [--data D.json | --teacher NAME [--samples N] [--data-seed D]] [--json]\n' +
    '  Numbered from 1, as in the studio: --layer 1 = first hidden layer, --neuron 1 = its first unit.\n' +
    '  The copy is appended as the layer\'s last unit; outgoing weights become γ·a (unit I) and (1−γ)·a (the copy).\n' +
    '  --perturb ε separates the copies\' incoming weights along a random unit vector v (seeded):\n' +
    '  unit I gets +ε(1−γ)v, the copy −εγv (function unchanged to first order).\n' +
    '  With a dataset, reports max|Δf| and ‖∇L‖ before and after (L = 1/N Σ‖f(x)−y‖²).',
  async run(argv, io) {
    const flags = parseFlags(argv, FLAGS);
    if (flags.checkpoint === undefined) throw new UsageError('--checkpoint is required');
    if (flags.layer === undefined) throw new UsageError('--layer is required (1 = first hidden layer)');
    if (flags.neuron === undefined) throw new UsageError('--neuron is required (1 = the layer\'s first unit)');
    if (flags.out === undefined) throw new UsageError('--out is required');
    outputFormat(flags.out);
    const network = loadNetwork(flags.checkpoint, io.cwd, flags);
    const hidden = network.architecture.layers.length - 1;
    if (flags.layer < 1 || flags.layer > hidden)
      throw new UsageError(`--layer must be a hidden layer in 1..${hidden}, got ${flags.layer}`);
    const layer = flags.layer - 1;
    const width = network.architecture.layers[layer].outputs;
    if (flags.neuron < 1 || flags.neuron > width)
      throw new UsageError(`--neuron must be in 1..${width} (layer ${flags.layer} has ${width} units), got ${flags.neuron}`);
    const neuron = flags.neuron - 1;
    const gamma = flags.gamma ?? 0.5;
    const perturb = flags.perturb ?? 0;
    // The same procedure as the studio's split task (native-workers/neurons/splitCheck.ts).
    const data =
      flags.data !== undefined || flags.teacher !== undefined
        ? loadData({ data: flags.data, teacher: flags.teacher, samples: flags.samples, dataSeed: flags['data-seed'], targets: flags.targets }, io.cwd, network.architecture)
        : null;
    const { split: result, check } = splitWithCheck(network, { layer, neuron, gamma, perturb, perturbSeed: flags['perturb-seed'] ?? 0 }, data);
    const output: SplitOutput = {
      width: width + 1,
      // 1-based, like --neuron: the split unit and its copy (appended as the layer's last unit).
      copies: [result.copies[0] + 1, result.copies[1] + 1],
      gamma,
      perturb,
      parameterCount: result.network.theta.length,
      ...(check ? { check } : {}),
    };
    const meta = { splitFrom: flags.checkpoint, layer: flags.layer, neuron: flags.neuron, gamma, perturb, copies: output.copies };
    writeNetworkOut(flags.out, io.cwd, result.network, meta);
    io.stdout(flags.json ? JSON.stringify(output) + '\n' : formatSummary(output, flags.out));
    return 0;
  },
};

function formatSummary(o: SplitOutput, out: string): string {
  const lines = [
    `wrote ${out}: width ${o.width}, copies ${o.copies[0]} and ${o.copies[1]} (γ = ${o.gamma}, perturb ${o.perturb}), ${o.parameterCount} parameters`,
  ];
  if (o.check)
    lines.push(
      `max |Δf|        ${o.check.maxFunctionChange.toExponential(3)}`,
      `loss            ${o.check.lossBefore.toExponential(6)} → ${o.check.lossAfter.toExponential(6)}`,
      `‖∇L‖            ${o.check.gradNormBefore.toExponential(3)} → ${o.check.gradNormAfter.toExponential(3)}`,
    );
  if (o.check && o.perturb !== 0)
    lines.push(
      `                (→ is the nudged start, ε = ${o.perturb}; the exact split point, ε = 0, has`,
      `                 loss ${o.check.lossExact.toExponential(6)}, ‖∇L‖ ${o.check.gradNormExact.toExponential(3)})`,
    );
  return lines.join('\n') + '\n';
}

/** `escape-studio inspect FILE [--data D]`: what a network file holds and what we make of it (netron's "just open it"). */
import { lossAndGradient, parameterCount } from '../../native-workers/engine';
import { parseFlags, UsageError } from './args';
import type { CliCommand } from './command';
import { FILE_FLAGS, loadData, openNetwork, readInputFile } from './inputs';
import { checkOnnxForward, type OnnxCheck } from './onnxCheck';

const FLAGS = {
  data: 'string',
  json: 'boolean',
  ...FILE_FLAGS,
} as const;

export interface InspectOutput {
  file: string;
  format: string;
  formatLabel: string;
  tensors: { name: string; dtype: string; shape: number[] }[];
  layers: { inputs: number; outputs: number; bias: boolean; activation: string }[];
  layerSources: string[];
  activationsFromFile: boolean;
  parameterCount: number;
  notes: string[];
  data?: { file: string; samples: number; loss: number; gradNorm: number; notes: string[] };
  onnxruntime?: OnnxCheck;
}

export const inspectCommand: CliCommand = {
  name: 'inspect',
  usage:
    'inspect FILE [--activation A | --activations A1,A2,…] [--data D [--targets COLS]] [--json]\n' +
    '  FILE: .pt/.pth (state_dict), .onnx, .safetensors, .npz, .json (the format is read from the content).\n' +
    '  With --data: loss L = (1/N) Σₙ ‖f(xₙ) − yₙ‖² and ‖∇L‖; for ONNX also onnxruntime vs our forward (max difference).',
  async run(argv, io) {
    const [file, ...rest] = argv;
    if (file === undefined || file.startsWith('--')) throw new UsageError('give the file to inspect: escape-studio inspect FILE');
    const flags = parseFlags(rest, FLAGS);
    const opened = openNetwork(file, io.cwd, flags);
    const { network } = opened;
    const output: InspectOutput = {
      file,
      format: opened.format,
      formatLabel: opened.formatLabel,
      tensors: opened.tensors.map((t) => ({ name: t.name, dtype: t.dtype, shape: [...t.shape] })),
      layers: network.architecture.layers.map((l) => ({ ...l })),
      layerSources: [...opened.layerSources],
      activationsFromFile: opened.activationsFromFile,
      parameterCount: parameterCount(network.architecture),
      notes: [...opened.notes],
    };
    if (flags.data !== undefined) {
      const notes: string[] = [];
      const data = loadData({ data: flags.data, targets: flags.targets }, io.cwd, network.architecture, notes);
      const grad = new Float64Array(network.theta.length);
      const loss = lossAndGradient(network.architecture, network.theta, data, grad);
      let g2 = 0;
      for (const g of grad) g2 += g * g;
      output.data = { file: flags.data, samples: data.count, loss, gradNorm: Math.sqrt(g2), notes };
      if (opened.format === 'onnx') {
        try {
          output.onnxruntime = await checkOnnxForward(readInputFile(file, io.cwd), network, data.X, data.count);
        } catch (error) {
          // e.g. float64 Softplus/Erf, which onnxruntime's CPU provider does not implement.
          output.notes.push(`onnxruntime check skipped: ${(error as Error).message.split('\n')[0]}`);
        }
      }
    }
    io.stdout(flags.json ? JSON.stringify(output) + '\n' : formatSummary(output));
    return 0;
  },
};

function formatSummary(o: InspectOutput): string {
  const lines = [`file            ${o.file}`, `format          ${o.formatLabel}`, `tensors         ${o.tensors.length}`];
  for (const t of o.tensors) lines.push(`  ${t.name.padEnd(28)} ${t.dtype.padEnd(9)} [${t.shape.join(', ')}]`);
  const chain = [o.layers[0].inputs, ...o.layers.map((l) => l.outputs)].join(' → ');
  lines.push(`network         ${chain}  (${o.layers.length} layers, ${o.parameterCount} parameters)`);
  o.layers.forEach((l, i) => lines.push(`  layer ${i + 1}: ${l.inputs} → ${l.outputs}, ${l.activation}${l.bias ? '' : ', no bias'}   ${o.layerSources[i] ?? ''}`));
  lines.push(`activations     ${o.activationsFromFile ? 'from the file' : 'given on the command line'}`);
  for (const n of o.notes) lines.push(`note            ${n}`);
  if (o.data) {
    lines.push(`data            ${o.data.file}: ${o.data.samples} samples`);
    for (const n of o.data.notes) lines.push(`  ${n}`);
    lines.push(`loss            ${o.data.loss.toExponential(6)}   (L = 1/N Σ‖f(x)−y‖²)`, `‖∇L‖            ${o.data.gradNorm.toExponential(6)}`);
  }
  if (o.onnxruntime)
    lines.push(`onnxruntime     max |Δf| = ${o.onnxruntime.maxAbsDifference.toExponential(3)} (relative ${o.onnxruntime.maxRelDifference.toExponential(3)}, ${o.onnxruntime.inputType} input, ${o.onnxruntime.samples} samples)`);
  return lines.join('\n') + '\n';
}

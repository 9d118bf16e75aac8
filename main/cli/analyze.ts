/** `escape-studio analyze`: loss, ‖∇L‖, full Hessian spectrum and classification of one point. */
import { analyzePoint } from '../../native-workers/engine';
import { parseFlags, UsageError } from './args';
import type { CliCommand } from './command';
import { loadData, loadNetwork } from './inputs';

const FLAGS = {
  checkpoint: 'string',
  data: 'string',
  teacher: 'string',
  samples: 'integer',
  'data-seed': 'integer',
  seed: 'integer',
  json: 'boolean',
} as const;

export interface AnalyzeOutput {
  loss: number;
  gradNorm: number;
  eigenvalues: number[];
  index: number;
  classification: string;
  parameterCount: number;
}

export const analyzeCommand: CliCommand = {
  name: 'analyze',
  summary: 'loss, gradient norm, Hessian spectrum and type of a critical point',
  usage:
    'analyze --checkpoint C.json (--data D.json | --teacher fig3a|fig3c|fig6 [--samples N] [--data-seed S]) [--json]\n' +
    '  Loss convention: L = (1/N) Σₙ ‖f(xₙ) − yₙ‖². --seed is accepted as an alias of --data-seed for teacher data.',
  async run(argv, io) {
    const flags = parseFlags(argv, FLAGS);
    if (flags.checkpoint === undefined) throw new UsageError('--checkpoint is required');
    if (flags.seed !== undefined && flags['data-seed'] !== undefined)
      throw new UsageError('give --data-seed or --seed, not both');
    const network = loadNetwork(flags.checkpoint, io.cwd);
    const data = loadData(
      { data: flags.data, teacher: flags.teacher, samples: flags.samples, dataSeed: flags['data-seed'] ?? flags.seed },
      io.cwd,
      network.architecture,
    );
    const result = analyzePoint(network, data);
    const output: AnalyzeOutput = {
      loss: result.loss,
      gradNorm: result.gradNorm,
      eigenvalues: Array.from(result.eigenvalues),
      index: result.index,
      classification: result.classification,
      parameterCount: result.parameterCount,
    };
    io.stdout(flags.json ? JSON.stringify(output) + '\n' : formatSummary(output));
    return 0;
  },
};

function formatSummary(out: AnalyzeOutput): string {
  const ev = out.eigenvalues;
  const shown = ev.length <= 12 ? ev : [...ev.slice(0, 6), ...ev.slice(-6)];
  return [
    `parameters      ${out.parameterCount}`,
    `loss            ${out.loss.toExponential(6)}   (L = 1/N Σ‖f(x)−y‖²)`,
    `‖∇L‖            ${out.gradNorm.toExponential(6)}`,
    `index           ${out.index} negative eigenvalue${out.index === 1 ? '' : 's'}`,
    `classification  ${out.classification}`,
    `eigenvalues     ${shown.map((v) => v.toExponential(3)).join(' ')}${ev.length > 12 ? ` (${ev.length} in all, smallest and largest 6 shown)` : ''}`,
    '',
  ].join('\n');
}

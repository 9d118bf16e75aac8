/** `escape-studio analyze`: loss, ‖∇L‖, Hessian spectrum (full, or extremal for large nets) and classification of one point. */
import { totalmem } from 'node:os';
import { machineLimits } from '../services/budgets';
import { analyzeInputsProblem } from '../services/cliGuards';
import { analyzePoint } from '../../native-workers/engine';
import { computeWorkerEntry } from '../../native-workers/pool/entry';
import { startAnalysisShards } from '../../native-workers/pool/shardedHvp';
import { parseFlags, UsageError } from './args';
import type { CliCommand } from './command';
import { FILE_FLAGS, loadData, openNetwork } from './inputs';

const FLAGS = {
  checkpoint: 'string',
  data: 'string',
  teacher: 'string',
  samples: 'integer',
  'data-seed': 'integer',
  seed: 'integer',
  json: 'boolean',
  spectrum: 'string',
  smallest: 'integer',
  largest: 'integer',
  ...FILE_FLAGS,
} as const;

const SPECTRUM_MODES = ['auto', 'dense', 'extremal'] as const;

export interface AnalyzeOutput {
  loss: number;
  gradNorm: number;
  eigenvalues: number[];
  index: number;
  classification: string;
  parameterCount: number;
  /** 'full': every eigenvalue; 'partial': the lowest `smallestCount`, then the highest few. */
  spectrum: { kind: 'full' | 'partial'; smallestCount: number; converged: boolean; indexExact: boolean };
}

export const analyzeCommand: CliCommand = {
  name: 'analyze',
  usage:
    'analyze --checkpoint FILE [--activation A | --activations A1,A2,…] (--data D [--targets COLS] | --teacher fig3a|fig3c|fig6 [--samples N] [--data-seed S]) [--spectrum auto|dense|extremal] [--smallest K] [--largest K] [--json]\n' +
    '  --spectrum: auto (default) = every eigenvalue up to 2,000 parameters, above that the K lowest (default 10) and highest (default 5) by Lanczos on exact HVPs.\n' +
    '  FILE: .pt/.pth (state_dict), .onnx, .safetensors, .npz, .json; D: .npz (X/y), X.npy,y.npy, .csv, .json.\n' +
    '  Loss convention: L = (1/N) Σₙ ‖f(xₙ) − yₙ‖². --seed is accepted as an alias of --data-seed for teacher data.',
  async run(argv, io) {
    const flags = parseFlags(argv, FLAGS);
    if (flags.checkpoint === undefined) throw new UsageError('--checkpoint is required');
    if (flags.seed !== undefined && flags['data-seed'] !== undefined)
      throw new UsageError('give --data-seed or --seed, not both');
    const opened = openNetwork(flags.checkpoint, io.cwd, flags);
    const network = opened.network;
    const data = loadData(
      { data: flags.data, teacher: flags.teacher, samples: flags.samples, dataSeed: flags['data-seed'] ?? flags.seed, targets: flags.targets },
      io.cwd,
      network.architecture,
    );
    const mode = flags.spectrum ?? 'auto';
    if (!(SPECTRUM_MODES as readonly string[]).includes(mode)) throw new UsageError(`--spectrum must be auto, dense or extremal, got '${mode}'`);
    if (flags.smallest !== undefined && !(flags.smallest >= 1)) throw new UsageError(`--smallest must be a whole number ≥ 1, got ${flags.smallest}`);
    if (flags.largest !== undefined && !(flags.largest >= 0)) throw new UsageError(`--largest must be a whole number ≥ 0, got ${flags.largest}`);
    // The studio's checks: numbers too large for float64, and the spectrum's memory (cliGuards.ts).
    const problem = analyzeInputsProblem(
      network,
      data,
      machineLimits(totalmem()),
      { network: `${flags.checkpoint}: `, data: `${flags.data ?? `teacher ${flags.teacher ?? ''}`}: ` },
      { mode, eigenpairs: (flags.smallest ?? 10) + (flags.largest ?? 5) },
    );
    if (problem !== null) throw new UsageError(problem);
    const spectrum = {
      mode: mode as (typeof SPECTRUM_MODES)[number],
      ...(flags.smallest !== undefined ? { smallest: flags.smallest } : {}),
      ...(flags.largest !== undefined ? { largest: flags.largest } : {}),
    };
    // Large extremal spectra: the HVPs split by samples across this machine's cores (as in the studio).
    const hvp = await startAnalysisShards(computeWorkerEntry(), network, data, spectrum);
    let result;
    try {
      result = analyzePoint(network, data, { spectrum: { ...spectrum, ...(hvp ? { hvp } : {}) } });
    } finally {
      await hvp?.close();
    }
    const output: AnalyzeOutput = {
      loss: result.loss,
      gradNorm: result.gradNorm,
      eigenvalues: Array.from(result.eigenvalues),
      index: result.index,
      classification: result.classification,
      parameterCount: result.parameterCount,
      spectrum: { kind: result.spectrum.kind, smallestCount: result.spectrum.smallestCount, converged: result.spectrum.converged, indexExact: result.spectrum.indexExact },
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
    `index           ${out.spectrum.indexExact ? '' : 'at least '}${out.index} negative eigenvalue${out.index === 1 ? '' : 's'}`,
    `classification  ${out.classification}`,
    out.spectrum.kind === 'partial'
      ? `eigenvalues     lowest ${ev.slice(0, out.spectrum.smallestCount).map((v) => v.toExponential(3)).join(' ')}; highest ${ev.slice(out.spectrum.smallestCount).map((v) => v.toExponential(3)).join(' ')} (extremal spectrum of ${out.parameterCount} by Lanczos${out.spectrum.converged ? '' : ', NOT fully converged'})`
      : `eigenvalues     ${shown.map((v) => v.toExponential(3)).join(' ')}${ev.length > 12 ? ` (${ev.length} in all, smallest and largest 6 shown)` : ''}`,
    '',
  ].join('\n');
}

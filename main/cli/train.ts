/**
 * `escape-studio train`: train a student on a teacher preset (or a dataset file) and certify the
 * end point. Loss convention L = (1/N) Σₙ ‖f(xₙ) − yₙ‖².
 */
import { totalmem } from 'node:os';
import { resolve } from 'node:path';
import { machineLimits } from '../services/budgets';
import { budgetFlagsProblem, outputPathProblem, samplesFlagProblem, trainFlagsProblem, writeResultSafely } from '../services/cliGuards';
import { initialize } from '../../native-workers/engine';
import { twoLayerArchitecture } from '../../native-workers/engine';
import { Rng } from '../../native-workers/engine';
import { teacherNetwork } from '../../native-workers/engine';
import { TRAIN_METHODS, type TrainMethod } from '../../native-workers/engine';
import type { Trajectory } from '../../native-workers/engine';
import type { Network } from '../../native-workers/engine';
import { trainAndCertify } from '../../native-workers/engine';
import { INIT_SCHEMES, type InitScheme } from '../../contract/vocabulary';
import { trainOptionsFromSpec, type TrainSpec } from '../../native-workers/tasks/trainOptions';
import { parseFlags, UsageError } from './args';
import type { CliCommand } from './command';
import { FILE_FLAGS, isTeacherName, loadData, loadNetwork, outputFormat, writeNetworkOut } from './inputs';
import { progressPrinter } from './progress';

const FLAGS = {
  teacher: 'string',
  data: 'string',
  checkpoint: 'string',
  width: 'integer',
  seed: 'integer',
  'data-seed': 'integer',
  samples: 'integer',
  method: 'string',
  solver: 'string',
  init: 'string',
  'max-time': 'number',
  'max-steps': 'integer',
  'loss-target': 'number',
  lr: 'number',
  'batch-size': 'integer',
  'no-polish': 'boolean',
  out: 'string',
  trajectory: 'string',
  json: 'boolean',
  ...FILE_FLAGS,
} as const;

export interface TrainOutput {
  finalLoss: number;
  gradNorm: number;
  classification: string;
  index: number;
  minEigenvalues: number[];
  steps: number;
  seconds: number;
  stoppedBy: string;
  method: string;
  time: number;
  parameterCount: number;
  evaluations: { loss: number; gradient: number; hessian: number };
  reason: string;
  notes: string[];
}

export const trainCommand: CliCommand = {
  name: 'train',
  usage:
    'train (--teacher fig3a|fig3c|fig6 [--samples N] [--data-seed D] | --data D [--targets COLS]) (--width M --seed S | --checkpoint FILE [--activation A | --activations A1,…])\n' +
    '      [--method flow|gd|adam|minimize] [--solver rosenbrock|rosenbrock23|dopri5] [--init glorot_normal|glorot_uniform|he_normal]\n' +
    '      [--max-time T] [--max-steps K] [--loss-target 1e-25] [--lr η] [--batch-size B] [--no-polish]\n' +
    '      [--out F.json|.pt|.onnx|.safetensors|.npz] [--trajectory T.json] [--json]\n' +
    '  A teacher preset fixes its dataset by --data-seed (default 0), independent of the initialization --seed.\n' +
    '  Flow solver default: rosenbrock (RODAS4) for smooth activations, rosenbrock23 for ReLU (with Filippov sliding on kinks).\n' +
    '  Budgets are ODE time (--max-time, flow) and steps, not wall-clock. Loss L = (1/N) Σₙ ‖f(xₙ) − yₙ‖².',
  async run(argv, io) {
    const flags = parseFlags(argv, FLAGS);
    const method = (flags.method ?? 'flow') as TrainMethod;
    if (!(TRAIN_METHODS as readonly string[]).includes(method))
      throw new UsageError(`--method must be one of ${TRAIN_METHODS.join(', ')}, got '${flags.method}'`);
    const solver = flags.solver;
    if (solver !== undefined && solver !== 'rosenbrock' && solver !== 'rosenbrock23' && solver !== 'dopri5')
      throw new UsageError(`--solver must be rosenbrock, rosenbrock23 or dopri5, got '${solver}'`);
    const init = (flags.init ?? 'glorot_normal') as InitScheme;
    if (!(INIT_SCHEMES as readonly string[]).includes(init))
      throw new UsageError(`--init must be one of ${INIT_SCHEMES.join(', ')}, got '${flags.init}'`);

    // Validate --out before any work: a finished training must never be lost to a bad file name.
    if (flags.out !== undefined) outputFormat(flags.out);
    // The studio's checks, in flag words, before any sample is drawn (main/services/cliGuards.ts).
    const limits = machineLimits(totalmem());
    const teacher = flags.data === undefined && flags.teacher !== undefined && isTeacherName(flags.teacher) ? flags.teacher : undefined;
    const memory = (inputDim?: number, samples?: number): string | null =>
      flags.width === undefined || flags.checkpoint !== undefined
        ? null
        : trainFlagsProblem({ teacher, samples: samples ?? flags.samples, width: flags.width, ...(inputDim !== undefined ? { inputDim } : {}), method, polish: !flags['no-polish'] }, limits);
    for (const problem of [
      samplesFlagProblem(flags.samples),
      budgetFlagsProblem(
        { maxTime: flags['max-time'], maxSteps: flags['max-steps'], lossTarget: flags['loss-target'], learningRate: flags.lr },
        { batchSize: flags['batch-size'] },
      ),
      flags.out !== undefined ? outputPathProblem(resolve(io.cwd, flags.out), '--out') : null,
      flags.trajectory !== undefined ? outputPathProblem(resolve(io.cwd, flags.trajectory), '--trajectory') : null,
      flags.width !== undefined && flags.width < 1 ? `--width must be a positive integer, got ${flags.width}` : memory(),
    ])
      if (problem !== null) throw new UsageError(problem);
    const data = loadData({ data: flags.data, teacher: flags.teacher, samples: flags.samples, dataSeed: flags['data-seed'], targets: flags.targets }, io.cwd);
    let start: Network;
    if (flags.checkpoint !== undefined) {
      if (flags.width !== undefined) throw new UsageError('give --checkpoint or --width, not both');
      start = loadNetwork(flags.checkpoint, io.cwd, flags);
    } else {
      if (flags.width === undefined) throw new UsageError('--width is required (or --checkpoint to start from a network)');
      if (flags.width < 1) throw new UsageError(`--width must be a positive integer, got ${flags.width}`);
      if (flags.seed === undefined) throw new UsageError('--seed is required with --width');
      const activation =
        flags.teacher !== undefined && isTeacherName(flags.teacher)
          ? teacherNetwork(flags.teacher).architecture.layers[0].activation
          : 'relu';
      const architecture = twoLayerArchitecture(data.inputDim, flags.width, data.outputDim, activation);
      start = { architecture, theta: initialize(architecture, init, new Rng(flags.seed)) };
    }
    // A data file's size is known only now.
    const afterLoad = memory(data.inputDim, data.count);
    if (afterLoad !== null) throw new UsageError(afterLoad);

    const progress = progressPrinter(io, 'train');
    // The same option chain as the studio's train task: flags → the contract's run spec (budgets +
    // trainer settings) → trainOptionsFromSpec → the engine's TrainOptions.
    const spec: TrainSpec = {
      method,
      seed: flags.seed ?? 0,
      budgets: {
        ...(flags['max-time'] !== undefined ? { maxTime: flags['max-time'] } : {}),
        ...(flags['max-steps'] !== undefined ? { maxSteps: flags['max-steps'] } : {}),
        ...(flags['loss-target'] !== undefined ? { lossTarget: flags['loss-target'] } : {}),
        ...(flags.lr !== undefined ? { learningRate: flags.lr } : {}),
      },
      settings: {
        ...(solver !== undefined ? { solver } : {}),
        ...(flags['batch-size'] !== undefined ? { batchSize: flags['batch-size'] } : {}),
        ...(flags['no-polish'] ? { polish: false } : {}),
      },
    };
    const certified = trainAndCertify(start, data, {
      ...trainOptionsFromSpec(spec),
      onProgress: (fraction, info) =>
        progress.update(
          `${info.phase} step ${info.step} t=${info.time.toExponential(2)} loss=${info.loss.toExponential(3)} ‖∇L‖=${info.gradNorm.toExponential(2)} (${(100 * fraction).toFixed(0)}% of budget)`,
        ),
    });
    const { outcome, seconds } = certified;
    progress.done();
    const analysis = certified.analysis!;

    const output: TrainOutput = {
      finalLoss: analysis.loss,
      gradNorm: analysis.gradNorm,
      classification: analysis.classification,
      index: analysis.index,
      minEigenvalues: Array.from(analysis.eigenvalues.subarray(0, Math.min(5, analysis.eigenvalues.length))),
      steps: outcome.steps,
      seconds,
      stoppedBy: outcome.phases.map((p) => `${p.method}: ${p.stoppedBy}`).join('; '),
      method: outcome.method,
      time: outcome.time,
      parameterCount: analysis.parameterCount,
      evaluations: outcome.evaluations,
      reason: analysis.reason,
      notes: outcome.notes,
    };
    if (flags.out !== undefined) {
      const meta = {
        teacher: flags.teacher ?? null,
        width: outcome.network.architecture.layers[0].outputs,
        seed: flags.seed ?? null,
        dataSeed: flags['data-seed'] ?? 0,
        samples: data.count,
        method: outcome.method,
        loss: analysis.loss,
        classification: analysis.classification,
      };
      writeNetworkOut(flags.out, io.cwd, outcome.network, meta);
    }
    if (flags.trajectory !== undefined)
      // Checked before training; should the write still fail, the result goes to the temp folder (never lost).
      writeResultSafely(resolve(io.cwd, flags.trajectory), JSON.stringify(trajectoryJson(outcome.trajectory, outcome.method)) + '\n', '--trajectory');
    io.stdout(flags.json ? JSON.stringify(output) + '\n' : formatSummary(output));
    return 0;
  },
};

/** The trajectory as plain JSON: snapshot times, losses and θ rows, plus the dense loss curve. */
export function trajectoryJson(t: Trajectory, method: string): object {
  return {
    format: 'escape-studio/trajectory@1',
    method,
    timeUnit: t.timeUnit,
    lossConvention: 'L = (1/N) sum_n ||f(x_n) - y_n||^2',
    times: t.times,
    losses: t.losses,
    thetas: t.thetas.map((th) => Array.from(th)),
    curve: t.curve,
  };
}

function formatSummary(o: TrainOutput): string {
  return [
    `method          ${o.method} (stopped by ${o.stoppedBy} after ${o.steps} steps, time ${o.time.toExponential(3)}, ${o.seconds.toFixed(3)} s)`,
    `final loss      ${o.finalLoss.toExponential(6)}   (L = 1/N Σ‖f(x)−y‖²)`,
    `‖∇L‖            ${o.gradNorm.toExponential(3)}`,
    `classification  ${o.classification} — ${o.reason}`,
    `index           ${o.index}`,
    `min eigenvalues ${o.minEigenvalues.map((v) => v.toExponential(3)).join(' ')}`,
    ...o.notes.map((n) => `note            ${n}`),
    '',
  ].join('\n');
}

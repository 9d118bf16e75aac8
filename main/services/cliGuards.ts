/**
 * The API's checks for the command line, in flag words: budgets (the contract's own schemas),
 * memory before any sample is drawn (budgets.ts, same limits as the studio), float64 range of the
 * inputs (inputRange.ts), and the output path before training — plus a write that never loses a
 * finished result.
 */
import { accessSync, constants, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { BudgetsSchema, TrainerSettingsSchema } from '../../contract/experiment';
import { teacherInfo, type Dataset, type Network } from '../../native-workers/engine';
import { analyzeProblem, DENSE_SPECTRUM_LIMIT, layersShape, trainProblem, twoLayerShape, type MachineLimits } from './budgets';
import { inputRangeProblem } from './inputRange';

/** Contract field → CLI flag. */
const FLAG_OF: Record<string, string> = {
  maxSteps: '--max-steps',
  maxTime: '--max-time',
  lossTarget: '--loss-target',
  learningRate: '--lr',
  batchSize: '--batch-size',
  polishSteps: '--polish-steps',
};

/** The budgets and trainer settings validated by the same schemas as experiments.start. */
export function budgetFlagsProblem(budgets: Record<string, unknown>, settings: Record<string, unknown>): string | null {
  for (const [schema, value] of [
    [BudgetsSchema, budgets],
    [TrainerSettingsSchema, settings],
  ] as const) {
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = String(issue.path[0] ?? '');
      const wanted = issue.message.replace(/^expected /, '');
      return `${FLAG_OF[field] ?? field} must be ${/^[aeiou]/.test(wanted) ? 'an' : 'a'} ${wanted}, got ${String((value as Record<string, unknown>)[field])}`;
    }
  }
  return null;
}

export function samplesFlagProblem(samples: number | undefined): string | null {
  if (samples === undefined) return null;
  return Number.isInteger(samples) && samples >= 1 ? null : `--samples must be a positive integer, got ${samples}`;
}

/** Memory of `train` before the dataset is drawn: a teacher's d and default sample count are known up front. */
export function trainFlagsProblem(
  request: { teacher: string | undefined; samples: number | undefined; width: number; inputDim?: number; method: string; polish: boolean },
  limits: MachineLimits,
): string | null {
  let inputDim = request.inputDim;
  let samples = request.samples;
  if (request.teacher !== undefined && (inputDim === undefined || samples === undefined)) {
    const info = teacherInfo(request.teacher as Parameters<typeof teacherInfo>[0]);
    inputDim ??= info.inputDim;
    samples ??= info.defaultSamples;
  }
  if (inputDim === undefined || samples === undefined) return null;
  const d = inputDim;
  return trainProblem(
    {
      widthField: '--width',
      samplesField: '--samples',
      width: request.width,
      samples,
      shapeFor: (m) => twoLayerShape(d, m, 1),
      denseHessian: !((request.method === 'gd' || request.method === 'adam') && !request.polish),
    },
    limits,
  );
}

/** `analyze` of a loaded network: memory of its spectrum, and the float64 range of θ and the data. */
export function analyzeInputsProblem(
  network: Network,
  data: Dataset,
  limits: MachineLimits,
  fields: { network: string; data: string },
  spectrum: { mode: string; eigenpairs: number },
): string | null {
  const range = inputRangeProblem(
    { kind: 'theta', architecture: network.architecture, theta: network.theta },
    { kind: 'inline', count: data.count, X: data.X, Y: data.Y, inputDim: data.inputDim, outputDim: data.outputDim },
    fields,
  );
  if (range !== null) return range;
  const shape = layersShape(network.architecture.layers);
  const dense = spectrum.mode === 'dense' || (spectrum.mode === 'auto' && shape.parameters <= DENSE_SPECTRUM_LIMIT);
  return analyzeProblem(fields.network.replace(/[.:]\s*$/, '') || 'network', shape, data.count, limits, dense, spectrum.eigenpairs);
}

/** Checked before training: the folder exists and is writable, and the path is not a folder. */
export function outputPathProblem(path: string, flag: string): string | null {
  try {
    if (statSync(path).isDirectory()) return `${flag} ${path}: is a folder, expected a file name`;
  } catch {
    // does not exist yet: fine
  }
  const folder = dirname(path);
  try {
    if (!statSync(folder).isDirectory()) return `${flag} ${path}: ${folder} is not a folder`;
    accessSync(folder, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? `${flag} ${path}: folder ${folder} does not exist` : `${flag} ${path}: cannot write into ${folder} (${code ?? String(error)})`;
  }
  return null;
}

/**
 * Writes a finished result; if that fails after all (disk full, folder removed meanwhile), the
 * result goes to the temp folder instead and the error says where — it is never lost.
 */
export function writeResultSafely(path: string, text: string, flag: string): void {
  try {
    writeFileSync(path, text);
  } catch (error) {
    const rescue = join(tmpdir(), `escape-studio-${Date.now()}-${basename(path)}`);
    writeFileSync(rescue, text);
    throw new Error(`${flag} ${path}: cannot write (${(error as NodeJS.ErrnoException).code ?? String(error)}); the result was saved to ${rescue}`, { cause: error });
  }
}

/** Parameter checks shared by the recipes (messages name the flag as the user typed it). */
import { parseWidths, type PlannedRun } from '../../native-workers/engine';
import { RecipeError, type RecipeParams } from './types';

export function intParam(given: Partial<RecipeParams>, defaults: RecipeParams, key: string, min: number, max: number, flag = `--${key}`): number {
  const v = given[key] ?? defaults[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw new RecipeError(`${flag} must be an integer in ${min}..${max}, got ${String(v)}`);
  return v;
}

export function widthsParam(given: Partial<RecipeParams>, defaults: RecipeParams, min: number, max: number): number[] {
  const v = given.widths ?? defaults.widths;
  const list = typeof v === 'string' ? parseWidths(v, { min, max }) : (v as number[]);
  if (!Array.isArray(list) || list.length === 0 || list.some((w) => !Number.isInteger(w) || w < min || w > max))
    throw new RecipeError(`--widths must be widths in ${min}..${max}, got ${String(v)}`);
  return [...list].sort((a, b) => a - b);
}

export function checkKnown(given: Partial<RecipeParams>, defaults: RecipeParams, recipe: string): void {
  for (const key of Object.keys(given))
    if (!(key in defaults)) throw new RecipeError(`${recipe} has no parameter '${key}' (known: ${Object.keys(defaults).join(', ')})`);
}

/**
 * The `train` spec of one run of the ReLU teacher–student recipes (fig3a, fig3b, fig3c): Glorot-normal
 * init, gradient flow + polish + certification, data seed 0; `samples` is sent only when it is not the
 * teacher's default (so the run's spec reads like the studio's).
 */
export function reluFlowSpec(teacher: 'fig3a' | 'fig3c', defaultSamples: number, params: RecipeParams, planned: PlannedRun) {
  return {
    teacher,
    samples: params.samples === defaultSamples ? null : params.samples,
    dataSeed: 0,
    width: planned.width,
    activation: 'relu',
    init: 'glorot_normal',
    method: 'flow',
    seed: planned.seed,
    budgets: { maxSteps: params.maxSteps },
    settings: {},
    recordTrajectory: false,
  };
}

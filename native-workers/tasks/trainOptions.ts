/**
 * The one place where the contract's run spec (method, seed, budgets, trainer settings) becomes the
 * engine's `TrainOptions`. The studio's `train` task and the CLI's `train` command both call it, so
 * a budget the form offers always reaches the trainer (issue 9: Max steps was dropped for minimize).
 * The tables below are checked against both types: a budget or setting added to the contract
 * without a mapping here fails the typecheck.
 */
import type { RunSpec } from '../../contract/experiment';
import type { TrainOptions } from '../engine';

type Budgets = RunSpec['budgets'];
type Settings = RunSpec['settings'];

/** Contract budget name → engine option name (the only rename: ‖∇L‖ tolerance = the trainers' grad floor). */
const BUDGETS = {
  maxSteps: 'maxSteps',
  maxTime: 'maxTime',
  lossTarget: 'lossTarget',
  gradTolerance: 'gradFloor',
  learningRate: 'learningRate',
  polishSteps: 'polishSteps',
} as const satisfies { readonly [K in keyof Required<Budgets>]: keyof TrainOptions };

const SETTINGS = {
  solver: 'solver',
  batchSize: 'batchSize',
  polish: 'polish',
  fast: 'fast',
} as const satisfies { readonly [K in keyof Required<Settings>]: keyof TrainOptions };

export type TrainSpec = Pick<RunSpec, 'method' | 'seed' | 'budgets' | 'settings'>;

export function trainOptionsFromSpec(spec: TrainSpec): TrainOptions {
  const out: Record<string, unknown> = { method: spec.method, seed: spec.seed };
  for (const [from, to] of Object.entries(BUDGETS)) {
    const v = spec.budgets[from as keyof Budgets];
    if (v !== undefined) out[to] = v;
  }
  for (const [from, to] of Object.entries(SETTINGS)) {
    const v = spec.settings[from as keyof Settings];
    if (v !== undefined) out[to] = v;
  }
  return out as TrainOptions;
}

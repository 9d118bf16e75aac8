/**
 * The start form's fields (as typed) → an `experiments.start` request. Empty fields are omitted
 * so the contract's defaults apply; anything typed is sent as a number for the contract to check
 * (its messages name the field, e.g. `experiments.start: width: expected positive integer`).
 */
import type { Budgets, ExperimentSpecInput, TrainerSettings } from '../../../contract/experiment';
import type { ActivationId, InitScheme, TeacherName, TrainMethod } from '../../../contract/vocabulary';

export type Solver = NonNullable<TrainerSettings['solver']>;
export const SOLVERS: readonly Solver[] = ['rosenbrock', 'dopri5'];

export interface StartFields {
  readonly teacher: TeacherName;
  readonly width: string;
  readonly activation: ActivationId | '';
  readonly method: TrainMethod;
  readonly init: InitScheme;
  readonly firstSeed: string;
  readonly seedCount: string;
  readonly samples: string;
  readonly dataSeed: string;
  readonly maxSteps: string;
  readonly maxTime: string;
  readonly lossTarget: string;
  readonly learningRate: string;
  readonly polishSteps: string;
  readonly solver: Solver | '';
  readonly batchSize: string;
  readonly polish: '' | 'on' | 'off';
}

function optionalNumber(text: string): number | undefined {
  return text.trim() === '' ? undefined : Number(text);
}

function defined<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function experimentSpec(f: StartFields): ExperimentSpecInput {
  const count = Number(f.seedCount);
  const first = Number(f.firstSeed);
  const budgets: Budgets = defined({
    maxSteps: optionalNumber(f.maxSteps),
    maxTime: optionalNumber(f.maxTime),
    lossTarget: optionalNumber(f.lossTarget),
    learningRate: optionalNumber(f.learningRate),
    polishSteps: optionalNumber(f.polishSteps),
  });
  const settings: TrainerSettings = defined({
    solver: f.solver === '' ? undefined : f.solver,
    batchSize: optionalNumber(f.batchSize),
    polish: f.polish === '' ? undefined : f.polish === 'on',
  });
  const samples = optionalNumber(f.samples);
  const dataSeed = optionalNumber(f.dataSeed);
  return {
    teacher: f.teacher,
    width: Number(f.width),
    method: f.method,
    init: f.init,
    seeds: Number.isInteger(count) && count >= 1 && count <= 10_000 ? Array.from({ length: count }, (_, i) => first + i) : [],
    ...(f.activation !== '' ? { activation: f.activation } : {}),
    ...(samples !== undefined ? { samples } : {}),
    ...(dataSeed !== undefined ? { dataSeed } : {}),
    ...(Object.keys(budgets).length > 0 ? { budgets } : {}),
    ...(Object.keys(settings).length > 0 ? { settings } : {}),
  };
}

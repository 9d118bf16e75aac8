/**
 * The start form's fields (as typed) → an `experiments.start` request. Empty fields are omitted
 * so the contract's defaults apply; anything typed is sent as a number for the contract to check
 * (its messages name the field, e.g. `experiments.start: width: expected positive integer`).
 */
import type { Budgets, ExperimentSpecInput, TrainerSettings } from '../../../contract/experiment';
import type { Device } from '../../../contract/gpu';
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
  /** Where the training runs (issue 13); sent only where the GPU kernel applies (deviceUnavailable is null). */
  readonly device: Device;
}

export const DEVICE_CHOICES: readonly { readonly value: Device; readonly label: string }[] = [
  { value: 'cpu', label: 'CPU' },
  { value: 'gpu', label: 'GPU' },
  { value: 'auto', label: 'Auto' },
];

/**
 * What the GPU batch kernel trains (native-workers/gpu: gradient flow, full-batch gd and adam,
 * d → m → 1 with these hidden activations; every teacher has one output).
 * tests/unit/renderer/deviceSelect.test.tsx keeps this equal to the kernel's own check
 * (gpuUnsupported) for every teacher, activation, method and minibatch size.
 */
export const GPU_KERNEL_ACTIVATIONS: readonly ActivationId[] = ['relu', 'softplus', 'tanh', 'sigmoid', 'g'];
export const TEACHER_ACTIVATIONS: Readonly<Record<TeacherName, ActivationId>> = { fig3a: 'relu', fig3c: 'relu', fig6: 'softplus' };

/** Why the Device choice does not apply to these fields (the batch then runs on the CPU), or null when it does. */
export function deviceUnavailable(f: Pick<StartFields, 'teacher' | 'activation' | 'method'> & Partial<Pick<StartFields, 'batchSize' | 'samples'>>): string | null {
  if (f.method === 'minimize') return 'the GPU trains flow, gd and adam; method minimize runs on the CPU';
  const batch = optionalNumber(f.batchSize ?? '');
  const samples = optionalNumber(f.samples ?? '');
  if (f.method !== 'flow' && batch !== undefined && !(samples !== undefined && batch >= samples))
    return `the GPU trains full-batch ${f.method}; a minibatch (batch size ${batch}) runs on the CPU`;
  const activation = f.activation === '' ? TEACHER_ACTIVATIONS[f.teacher] : f.activation;
  if (!GPU_KERNEL_ACTIVATIONS.includes(activation)) return `the GPU kernel has no ${activation} activation (it has ${GPU_KERNEL_ACTIVATIONS.join(', ')}); this runs on the CPU`;
  return null;
}

function optionalNumber(text: string): number | undefined {
  return text.trim() === '' ? undefined : Number(text);
}

function defined<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The GPU phase in the user's words: 'flow', 'gd' or 'Adam'. */
export function gpuPhase(method: TrainMethod | undefined): string {
  return method === 'adam' ? 'Adam' : method === 'gd' ? 'gd' : 'flow';
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
    ...(f.device !== 'cpu' && deviceUnavailable(f) === null ? { device: f.device } : {}),
  };
}

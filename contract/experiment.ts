/** What a training run is: teacher preset, student, trainer and budgets. */
import { z } from 'zod';
import { ArchitectureSchema } from './architecture';
import { finiteNumber, identifier, nonNegativeInt, numbers, oneOf, positiveInt, positiveNumber, text } from './fields';
import { StartOriginSchema } from './origin';
import { DEVICES } from './gpu';
import { ACTIVATION_NAMES, INIT_SCHEMES, TEACHERS, TRAIN_METHODS } from './vocabulary';

export const MAX_SEEDS_PER_BATCH = 10_000;
export const MAX_PARAMETERS = 1_000_000;

/** Budgets count steps and ODE time, never wall-clock seconds (results must not depend on the machine). */
export const BudgetsSchema = z.strictObject({
  /** Iterations (gd/adam/minimize) or accepted solver steps (flow). */
  maxSteps: positiveInt(100_000_000).optional(),
  /** Gradient-flow end time. */
  maxTime: positiveNumber().optional(),
  /** A run counts as a success below this loss (paper: 1e-25). */
  lossTarget: positiveNumber().optional(),
  /** Stop when ‖∇L‖ falls below this floor. */
  gradTolerance: positiveNumber().optional(),
  /** gd / adam step size. */
  learningRate: positiveNumber().optional(),
  /** Polish (Newton / trust region) iterations after flow. */
  polishSteps: nonNegativeInt(1_000_000).optional(),
});
export type Budgets = z.output<typeof BudgetsSchema>;

/** How the chosen method runs (not how long). */
export const TrainerSettingsSchema = z.strictObject({
  /**
   * Gradient-flow ODE solver. Default rosenbrock (RODAS4, stiff-capable, exact Hessian as Jacobian)
   * for smooth nets, rosenbrock23 for ReLU nets (with Filippov sliding on kinks).
   */
  solver: oneOf(['rosenbrock', 'rosenbrock23', 'dopri5'] as const).optional(),
  /** gd / adam minibatch size; absent = full batch. */
  batchSize: positiveInt(100_000_000).optional(),
  /** Newton polish after flow / gd / adam unless the loss target was reached. Default on. */
  polish: z.boolean({ error: 'expected boolean' }).optional(),
  /** Gradient flow: the faster solver settings (engine TrainOptions.fast, issue 12; bit for bit the reference). Absent / true = fast; false = the reference scans. */
  fast: z.boolean({ error: 'expected boolean' }).optional(),
});
export type TrainerSettings = z.output<typeof TrainerSettingsSchema>;

export const TeacherDataSchema = z.strictObject({
  teacher: oneOf(TEACHERS),
  /** Number of samples; the teacher's paper default when absent. */
  samples: positiveInt(1_000_000).optional(),
  /** The dataset's own seed, separate from initialization seeds. */
  dataSeed: nonNegativeInt(2 ** 32 - 1).default(0),
});
export type TeacherData = z.output<typeof TeacherDataSchema>;

/** `experiments.start` parameters: one run (one seed) or a batch (several seeds). */
export const ExperimentSpecSchema = z.strictObject({
  name: text(200).optional(),
  teacher: oneOf(TEACHERS),
  samples: positiveInt(1_000_000).optional(),
  dataSeed: nonNegativeInt(2 ** 32 - 1).default(0),
  width: positiveInt(100_000),
  /** Hidden activation; the teacher's own when absent. */
  activation: oneOf(ACTIVATION_NAMES).optional(),
  init: oneOf(INIT_SCHEMES).default('glorot_normal'),
  method: oneOf(TRAIN_METHODS).default('minimize'),
  seeds: z
    .array(nonNegativeInt(2 ** 32 - 1), { error: 'expected array of seeds (non-negative integers)' })
    .min(1, { error: 'expected at least one seed' })
    .max(MAX_SEEDS_PER_BATCH, { error: `expected at most ${MAX_SEEDS_PER_BATCH} seeds` }),
  budgets: BudgetsSchema.default({}),
  settings: TrainerSettingsSchema.default({}),
  /** Start from this θ instead of a seeded initialization (e.g. a split point); length must match. */
  initialTheta: numbers(MAX_PARAMETERS).optional(),
  /** Keep θ snapshots at log-spaced times (bounded count). */
  recordTrajectory: z.boolean({ error: 'expected boolean' }).default(true),
  /**
   * Train exactly this network shape (e.g. an imported deeper net, or its split) instead of the
   * two-layer student the teacher and width define; its input/output sizes must match the teacher's.
   */
  architecture: ArchitectureSchema.optional(),
  /** Where the run's starting point came from; `{ kind: 'train' }` when absent. */
  origin: StartOriginSchema.optional(),
  /**
   * Train on this stored dataset (`datasets.import`) instead of the teacher's data; `teacher`,
   * `samples` and `dataSeed` are then not used (an `architecture` must be given, sized to the data).
   */
  dataset: identifier().optional(),
  /**
   * Where the training runs: 'cpu' (absent = cpu), 'gpu' (all seeds at once in f32 on the WebGPU
   * adapter — flow, or full-batch gd / adam —, each then finished in float64 on the CPU pool; without
   * an adapter, or for what the GPU kernel cannot train, the CPU with a message stored on the batch),
   * 'auto' (the GPU for batches of ≥ AUTO_GPU_MIN_SEEDS seeds when an adapter exists).
   */
  device: oneOf(DEVICES).optional(),
});
export type ExperimentSpec = z.output<typeof ExperimentSpecSchema>;
export type ExperimentSpecInput = z.input<typeof ExperimentSpecSchema>;

/** One run's resolved spec, as stored in run.json and sent to a worker. */
export const RunSpecSchema = z.strictObject({
  teacher: oneOf(TEACHERS),
  samples: positiveInt(1_000_000).nullable(),
  dataSeed: nonNegativeInt(2 ** 32 - 1),
  width: positiveInt(100_000),
  activation: oneOf(ACTIVATION_NAMES).nullable(),
  init: oneOf(INIT_SCHEMES),
  method: oneOf(TRAIN_METHODS),
  seed: nonNegativeInt(2 ** 32 - 1),
  budgets: BudgetsSchema,
  settings: TrainerSettingsSchema.default({}),
  recordTrajectory: z.boolean(),
  /** The stored dataset the run trains / is analysed on (absent: the teacher's dataset, as in older run.json files). */
  dataset: identifier().optional(),
});
export type RunSpec = z.output<typeof RunSpecSchema>;

export const lossValue = finiteNumber;

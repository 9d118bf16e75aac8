/**
 * Payloads and results of the compute tasks a worker runs. Large arrays are Float64Array so the
 * pool can transfer their buffers instead of copying JSON.
 */
import { z } from 'zod';
import { ArchitectureSchema } from './architecture';
import { RunSpecSchema } from './experiment';
import { HierarchyTaskSchema } from './hierarchy';
import { RecipeRunTaskSchema } from './recipeTask';
import { LandscapeTaskSchema, TeacherTaskSchema } from './landscape';
import { f64, TaskDataSchema, TaskNetworkSchema } from './taskInputs';
import { finiteNumber, nonNegativeInt, nonNegativeNumber, oneOf, positiveInt, text } from './fields';
import { RunResultSchema } from './runs';
import { RunGpuPhaseSchema } from './gpu';
import { SpectrumInfoSchema, SpectrumRequestSchema } from './analysis';
import { CLASSIFICATIONS } from './vocabulary';

export { ArchitectureSchema };
export { f64, TaskDataSchema, TaskNetworkSchema, type TaskData, type TaskNetwork } from './taskInputs';

/** What a `train` task answers (and a `gpuFinish` task, for a run the GPU flow advanced). */
const TrainTaskResultSchema = z.strictObject({
  result: RunResultSchema,
  architecture: ArchitectureSchema,
  parameterCount: positiveInt(),
  initialTheta: f64(),
  finalTheta: f64(),
  curveTime: f64(),
  curveLoss: f64(),
  trajectoryTime: f64(),
  trajectoryLoss: f64(),
  /** trajectoryTime.length × parameterCount, row-major. */
  trajectoryTheta: f64(),
});

export const TASKS = {
  train: {
    payload: z.strictObject({
      spec: RunSpecSchema,
      initialTheta: f64().nullable(),
      /** Train exactly this network shape (an imported or split network); the spec's teacher + width when absent. */
      architecture: ArchitectureSchema.optional(),
      /** The stored dataset's arrays when the spec names one (spec.dataset); the teacher's data when absent. */
      data: TaskDataSchema.optional(),
    }),
    result: TrainTaskResultSchema,
  },
  analyze: {
    payload: z.strictObject({ network: TaskNetworkSchema, data: TaskDataSchema, escapeDirections: z.boolean(), spectrum: SpectrumRequestSchema.optional() }),
    result: z.strictObject({
      loss: nonNegativeNumber(),
      gradNorm: nonNegativeNumber(),
      eigenvalues: f64(),
      spectrum: SpectrumInfoSchema,
      index: nonNegativeInt(),
      classification: oneOf(CLASSIFICATIONS),
      /** Why: the certificate behind the classification (engine analyzePoint's reason). */
      reason: text(1000).optional(),
      parameterCount: positiveInt(),
      /** escapeCount × parameterCount, row-major. */
      escapeDirections: f64(),
      escapeCount: nonNegativeInt(),
    }),
  },
  /** Loss and ‖∇L‖ of one point, no spectrum (e.g. an imported network too large for a dense Hessian). */
  evaluate: {
    payload: z.strictObject({ network: TaskNetworkSchema, data: TaskDataSchema }),
    result: z.strictObject({ loss: nonNegativeNumber(), gradNorm: nonNegativeNumber(), parameterCount: positiveInt() }),
  },
  split: {
    payload: z.strictObject({
      network: TaskNetworkSchema,
      data: TaskDataSchema,
      layer: nonNegativeInt(),
      neuron: nonNegativeInt(),
      gamma: finiteNumber(),
      perturb: finiteNumber(),
      perturbSeed: nonNegativeInt(),
    }),
    result: z.strictObject({
      architecture: ArchitectureSchema,
      theta: f64(),
      loss: nonNegativeNumber(),
      gradNorm: nonNegativeNumber(),
      maxFunctionChange: nonNegativeNumber(),
      /** The exact split point (ε = 0); theta/loss/gradNorm above are the nudged start. */
      exactTheta: f64(),
      exactLoss: nonNegativeNumber(),
      exactGradNorm: nonNegativeNumber(),
    }),
  },
  landscape: LandscapeTaskSchema,
  teacher: TeacherTaskSchema,
  hierarchy: HierarchyTaskSchema,
  /**
   * A run the GPU flow advanced (issue 13): the `train` payload (initialTheta = the run's θ₀, null
   * = the seeded init) plus the GPU end point; the CPU continues the same train procedure from it
   * (float64 flow, polish, rounds, certification). Answers the `train` result, device 'gpu'.
   */
  gpuFinish: {
    payload: z.strictObject({
      spec: RunSpecSchema,
      initialTheta: f64().nullable(),
      architecture: ArchitectureSchema.optional(),
      data: TaskDataSchema.optional(),
      gpu: RunGpuPhaseSchema.extend({ theta: f64() }),
    }),
    result: TrainTaskResultSchema,
  },
  /** One computed (non-`train`) run of a recipe, e.g. fig5's exploration or a split-at-init condition. */
  recipeRun: RecipeRunTaskSchema,
} as const;

export type TaskKind = keyof typeof TASKS;
export type TaskPayload<K extends TaskKind> = z.output<(typeof TASKS)[K]['payload']>;
export type TaskResult<K extends TaskKind> = z.output<(typeof TASKS)[K]['result']>;

/** What a running task reports; the pool throttles it. */
export const TaskProgressSchema = z.strictObject({
  progress: z.number().min(0).max(1),
  step: nonNegativeInt(),
  loss: finiteNumber().nullable(),
  /** Which part of the task is running; absent = its main work ('certify': a train task's end-point analysis). */
  stage: z.enum(['certify']).optional(),
});
export type TaskProgress = z.output<typeof TaskProgressSchema>;

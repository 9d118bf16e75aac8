/**
 * Payloads and results of the compute tasks a worker runs. Large arrays are Float64Array so the
 * pool can transfer their buffers instead of copying JSON.
 */
import { z } from 'zod';
import { CheckpointSchema } from './analysis';
import { RunSpecSchema, TeacherDataSchema } from './experiment';
import { finiteNumber, nonNegativeInt, nonNegativeNumber, oneOf, positiveInt, text } from './fields';
import { RunResultSchema } from './runs';
import { ACTIVATION_NAMES } from './vocabulary';

export const f64 = (): z.ZodCustom<Float64Array> =>
  z.instanceof(Float64Array, { error: 'expected Float64Array' }) as z.ZodCustom<Float64Array>;

export const ArchitectureSchema = z.strictObject({
  layers: z
    .array(
      z.strictObject({
        inputs: positiveInt(),
        outputs: positiveInt(),
        bias: z.boolean(),
        activation: oneOf(ACTIVATION_NAMES),
      }),
    )
    .min(1),
});

/** A network as a task receives it: an architecture + θ (e.g. a stored run), or a checkpoint JSON. */
export const TaskNetworkSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('theta'), architecture: ArchitectureSchema, theta: f64() }),
  z.strictObject({ kind: z.literal('checkpoint'), checkpoint: CheckpointSchema }),
]);
export type TaskNetwork = z.output<typeof TaskNetworkSchema>;

export const TaskDataSchema = z.discriminatedUnion('kind', [
  TeacherDataSchema.extend({ kind: z.literal('teacher') }),
  z.strictObject({ kind: z.literal('inline'), count: positiveInt(), X: f64(), Y: f64(), inputDim: positiveInt(), outputDim: positiveInt() }),
]);
export type TaskData = z.output<typeof TaskDataSchema>;

export const TASKS = {
  train: {
    payload: z.strictObject({ spec: RunSpecSchema, initialTheta: f64().nullable() }),
    result: z.strictObject({
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
    }),
  },
  analyze: {
    payload: z.strictObject({ network: TaskNetworkSchema, data: TaskDataSchema, escapeDirections: z.boolean() }),
    result: z.strictObject({
      loss: nonNegativeNumber(),
      gradNorm: nonNegativeNumber(),
      eigenvalues: f64(),
      index: nonNegativeInt(),
      classification: text(100),
      parameterCount: positiveInt(),
      /** escapeCount × parameterCount, row-major. */
      escapeDirections: f64(),
      escapeCount: nonNegativeInt(),
    }),
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
    }),
  },
  surface: {
    payload: z.strictObject({
      network: TaskNetworkSchema,
      data: TaskDataSchema,
      directions: z.discriminatedUnion('kind', [
        z.strictObject({ kind: z.literal('explicit'), u: f64(), v: f64() }),
        z.strictObject({ kind: z.literal('random'), seed: nonNegativeInt(), bias: oneOf(['zero', 'filter'] as const) }),
        z.strictObject({ kind: z.literal('eigenvectors'), i: nonNegativeInt(), j: nonNegativeInt() }),
        z.strictObject({ kind: z.literal('escape-curvature') }),
      ]),
      alphaRange: z.tuple([finiteNumber(), finiteNumber()]),
      betaRange: z.tuple([finiteNumber(), finiteNumber()]),
      resolution: positiveInt(1025),
    }),
    result: z.strictObject({ loss: f64(), alpha: f64(), beta: f64(), u: f64(), v: f64(), uLabel: text(200), vLabel: text(200) }),
  },
} as const;

export type TaskKind = keyof typeof TASKS;
export type TaskPayload<K extends TaskKind> = z.output<(typeof TASKS)[K]['payload']>;
export type TaskResult<K extends TaskKind> = z.output<(typeof TASKS)[K]['result']>;

/** What a running task reports; the pool throttles it. */
export const TaskProgressSchema = z.strictObject({
  progress: z.number().min(0).max(1),
  step: nonNegativeInt(),
  loss: finiteNumber().nullable(),
});
export type TaskProgress = z.output<typeof TaskProgressSchema>;

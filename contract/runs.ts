/** Finished runs and batches as the workspace lists them. */
import { z } from 'zod';
import { RunSpecSchema, MAX_PARAMETERS } from './experiment';
import {
  finiteNumber,
  identifier,
  nonNegativeInt,
  nonNegativeNumber,
  numbers,
  oneOf,
  positiveInt,
  text,
  timestamp,
} from './fields';
import { ACTIVATION_NAMES, TEACHERS, TRAIN_METHODS } from './vocabulary';

export const RunResultSchema = z.strictObject({
  /** L = (1/N) Σ‖f(x)−y‖² at the returned (best) point. */
  finalLoss: nonNegativeNumber(),
  gradNorm: nonNegativeNumber(),
  steps: nonNegativeInt(),
  /** Gradient-flow time reached, null for discrete trainers. */
  odeTime: nonNegativeNumber().nullable(),
  /** Why the trainer stopped (e.g. 'loss-target', 'max-steps', 'no-progress', 'diverged'). */
  stoppedBy: text(100),
  /** Wall-clock seconds in the worker (informational only). */
  seconds: nonNegativeNumber(),
  /** finalLoss < budgets.lossTarget (default 1e-25). */
  success: z.boolean(),
  classification: text(100).nullable(),
  index: nonNegativeInt().nullable(),
});
export type RunResult = z.output<typeof RunResultSchema>;

export const RunSummarySchema = z.strictObject({
  runId: identifier(),
  batchId: identifier().nullable(),
  name: text(200).nullable(),
  createdAt: timestamp(),
  spec: RunSpecSchema,
  parameterCount: positiveInt(MAX_PARAMETERS),
  result: RunResultSchema,
});
export type RunSummary = z.output<typeof RunSummarySchema>;

export const CurveSchema = z.strictObject({
  time: numbers(10_000_000),
  loss: numbers(10_000_000),
});

export const RunDetailSchema = z.strictObject({
  run: RunSummarySchema,
  initialTheta: numbers(MAX_PARAMETERS),
  finalTheta: numbers(MAX_PARAMETERS),
  /** Dense loss curve (time = step for discrete trainers). */
  curve: CurveSchema,
  /** θ snapshots at log-spaced times; theta[i] has parameterCount entries. */
  trajectory: z.strictObject({
    time: numbers(100_000),
    loss: numbers(100_000),
    theta: z.array(numbers(MAX_PARAMETERS)).max(100_000),
  }),
});
export type RunDetail = z.output<typeof RunDetailSchema>;

export const BatchSummarySchema = z.strictObject({
  batchId: identifier(),
  name: text(200).nullable(),
  createdAt: timestamp(),
  teacher: oneOf(TEACHERS),
  width: positiveInt(),
  activation: oneOf(ACTIVATION_NAMES).nullable(),
  method: oneOf(TRAIN_METHODS),
  seedCount: positiveInt(),
  /** Runs stored so far (a batch appends each run as it finishes). */
  finished: nonNegativeInt(),
  successes: nonNegativeInt(),
  /** Lowest final loss among stored runs. */
  bestLoss: finiteNumber().nullable(),
});
export type BatchSummary = z.output<typeof BatchSummarySchema>;

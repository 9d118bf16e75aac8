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
import { ArchitectureSchema } from './architecture';
import { RunOriginSchema } from './origin';
import { RunGpuPhaseSchema } from './gpu';
import { BATCH_STATES, DamagedEntrySchema } from './workspaceAdmin';
import { ACTIVATION_NAMES, CLASSIFICATIONS, TEACHERS, TRAIN_METHODS } from './vocabulary';

/** One trainer phase of a run (engine: phaseSegments). */
export const RunPhaseSchema = z.strictObject({
  /** The phase's trainer, e.g. 'flow/rosenbrock', 'polish/trust-region', 'minimize'. */
  name: text(60),
  fromIndex: nonNegativeInt(),
  toIndex: nonNegativeInt(),
  /** Why this phase ended (e.g. 'patience', 'max-steps', 'loss-target'). */
  stopReason: text(40),
  steps: nonNegativeInt(),
});
export type RunPhase = z.output<typeof RunPhaseSchema>;

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
  classification: oneOf(CLASSIFICATIONS).nullable(),
  index: nonNegativeInt().nullable(),
  /**
   * Which trainer phase made which part of the loss curve (e.g. flow, then polish, then flow
   * again): inclusive index ranges into the run's curve arrays; consecutive phases share their
   * junction point. Absent in runs stored before phases were recorded.
   */
  phases: z.array(RunPhaseSchema).max(64, { error: 'expected at most 64 phases' }).optional(),
  /** Where the flow ran: 'gpu' (f32 batch kernel, then the CPU float64 finish); absent = the CPU. */
  device: oneOf(['cpu', 'gpu'] as const).optional(),
  /** The GPU phase (device 'gpu'): its f32 steps, time and stop reason; steps/odeTime above include it. */
  gpu: RunGpuPhaseSchema.optional(),
});
export type RunResult = z.output<typeof RunResultSchema>;

export const RunSummarySchema = z.strictObject({
  runId: identifier(),
  batchId: identifier().nullable(),
  name: text(200).nullable(),
  createdAt: timestamp(),
  spec: RunSpecSchema,
  /** Trained, split from another run, or imported from a file. */
  origin: RunOriginSchema,
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
  /** The network's layers (any depth: imported networks too); θ follows its layout. */
  architecture: ArchitectureSchema,
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
  /** Set by the service: running, finished, interrupted (resume with batches.resume) or rebuilt. */
  state: oneOf(BATCH_STATES).optional(),
  /** Where the batch's flow ran when it asked for a device (issue 13); absent = the CPU, nothing asked. */
  device: oneOf(['cpu', 'gpu'] as const).optional(),
  /** Why a `device: 'gpu'` batch ran on the CPU (batch.json's deviceNote). */
  deviceNote: text(1000).optional(),
});
export type BatchSummary = z.output<typeof BatchSummarySchema>;

/** Most runs one `runs.list` page returns. */
export const MAX_RUNS_PAGE = 5000;

/**
 * `runs.list`: summaries only (details come from `runs.get`), oldest first. Without `limit` every
 * run is returned in one answer (as before); with it, pages of `limit` runs follow `nextCursor`.
 */
export const RunsListRequestSchema = z
  .strictObject({
    batchId: identifier().optional(),
    /** The previous page's `nextCursor`. */
    cursor: text(300).optional(),
    limit: positiveInt(MAX_RUNS_PAGE).optional(),
  })
  .default({});

export const RunsListResponseSchema = z.strictObject({
  runs: z.array(RunSummarySchema),
  batches: z.array(BatchSummarySchema),
  /** Where the next page starts; null on the last page (absent from hosts that do not page). */
  nextCursor: text(300).nullable().optional(),
  /** Runs matching the request across all pages. */
  total: nonNegativeInt().optional(),
  /** Entries found damaged when the workspace was opened (never listed as finished runs); deletable with runs.delete. */
  damaged: z.array(DamagedEntrySchema).optional(),
});

/** Messages between the pool (main thread) and its workers, checked on both ends. */
import { z } from 'zod';
import { TaskProgressSchema } from '../../contract/tasks';

export const ToWorkerSchema = z.strictObject({
  type: z.literal('run'),
  jobId: z.string().min(1).max(100),
  /** The job's number on this worker (1, 2, …); its stop flag is flags[seq % STOP_SLOTS]. */
  seq: z.number().int().min(1),
  kind: z.string().min(1).max(100),
  payload: z.unknown(),
});
export type ToWorker = z.output<typeof ToWorkerSchema>;

export const FromWorkerSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ready'), kinds: z.array(z.string()) }),
  z.strictObject({ type: z.literal('progress'), jobId: z.string(), progress: TaskProgressSchema }),
  z.strictObject({ type: z.literal('done'), jobId: z.string(), result: z.unknown() }),
  z.strictObject({
    type: z.literal('failed'),
    jobId: z.string(),
    // code: 'input' when the task's input was wrong (engine/core/errors.ts), else 'failed'.
    error: z.strictObject({ name: z.string(), message: z.string(), code: z.enum(['input', 'failed']).default('failed') }),
  }),
]);
export type FromWorker = z.output<typeof FromWorkerSchema>;

/**
 * Stop flags shared with a worker: Int32Array(STOP_SLOTS); job `seq` should stop once
 * flags[seq % STOP_SLOTS] === seq. A worker never holds more than STOP_SLOTS jobs, and its jobs
 * are numbered consecutively, so the jobs it holds never share a slot.
 */
export const STOP_SLOTS = 8;

/**
 * flags[PAUSE_SLOT] ≠ 0 asks the worker's running (batch) job to pause inside shouldStop() —
 * Atomics.wait, no CPU — while interactive jobs run, at most PAUSE_MAX_MS at a time followed by at
 * least PAUSE_GAP_MS of work, so a long interactive job slows a batch down but never starves it.
 */
export const PAUSE_SLOT = STOP_SLOTS;
export const PAUSE_MAX_MS = 5_000;
export const PAUSE_GAP_MS = 500;

/** Shape of workerData every pool worker receives (plus the entry's own fields). */
export const PoolWorkerDataSchema = z.looseObject({
  cancel: z.instanceof(SharedArrayBuffer),
  progressIntervalMs: z.number().positive(),
  selfEntry: z.strictObject({ file: z.string().min(1), workerData: z.record(z.string(), z.unknown()) }).optional(),
});

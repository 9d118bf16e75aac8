/** Jobs: queued or running work in the worker pool. */
import { z } from 'zod';
import { finiteNumber, fraction, identifier, nonNegativeInt, oneOf, text, timestamp } from './fields';
import { JOB_KINDS, JOB_STATES } from './vocabulary';

/** What names a job everywhere (job records, progress/done/failed events, the service's trackers). */
export const JOB_REF_FIELDS = {
  jobId: identifier(),
  kind: oneOf(JOB_KINDS),
  runId: identifier().nullable(),
  batchId: identifier().nullable(),
};
export const JobRefSchema = z.strictObject(JOB_REF_FIELDS);
export type JobRef = z.output<typeof JobRefSchema>;

export const JobInfoSchema = z.strictObject({
  ...JOB_REF_FIELDS,
  seed: nonNegativeInt().nullable(),
  state: oneOf(JOB_STATES),
  progress: fraction(),
  /** Latest loss reported by the trainer. */
  loss: finiteNumber().nullable(),
  step: nonNegativeInt(),
  message: text(1000).nullable(),
  queuedAt: timestamp(),
});
export type JobInfo = z.output<typeof JobInfoSchema>;

/** The one constructor of a job record: queued, nothing done yet. */
export function queuedJob(ref: JobRef, seed: number | null = null, queuedAt: number = Date.now()): JobInfo {
  return { ...ref, seed, state: 'queued', progress: 0, loss: null, step: 0, message: null, queuedAt };
}

export const CancelRequestSchema = z
  .strictObject({
    jobId: identifier().optional(),
    batchId: identifier().optional(),
  })
  .refine((r) => (r.jobId === undefined) !== (r.batchId === undefined), {
    error: 'expected exactly one of jobId or batchId',
    path: ['jobId'],
  });

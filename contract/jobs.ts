/** Jobs: queued or running work in the worker pool. */
import { z } from 'zod';
import { finiteNumber, fraction, identifier, nonNegativeInt, oneOf, text, timestamp } from './fields';
import { JOB_KINDS, JOB_STATES } from './vocabulary';

export const JobInfoSchema = z.strictObject({
  jobId: identifier(),
  kind: oneOf(JOB_KINDS),
  runId: identifier().nullable(),
  batchId: identifier().nullable(),
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

export const CancelRequestSchema = z
  .strictObject({
    jobId: identifier().optional(),
    batchId: identifier().optional(),
  })
  .refine((r) => (r.jobId === undefined) !== (r.batchId === undefined), {
    error: 'expected exactly one of jobId or batchId',
    path: ['jobId'],
  });

/** Workspace housekeeping: damaged entries, stored analyses and exports (list + delete), batch states. */
import { z } from 'zod';
import { finiteNumber, identifier, nonNegativeInt, oneOf, text, timestamp } from './fields';

/**
 * running: runs queued or running now; finished: every seed has a run; cancelled: the user cancelled it
 * (saved in batch.json) before every seed had a run; interrupted: none of these (a crash or a shutdown) —
 * resume or delete either; rebuilt: batch.json was damaged and was rebuilt from its runs.
 */
export const BATCH_STATES = ['running', 'finished', 'cancelled', 'interrupted', 'rebuilt'] as const;

export const DamagedEntrySchema = z.strictObject({
  kind: oneOf(['run', 'batch', 'analysis'] as const),
  id: identifier(),
  batchId: identifier().nullable(),
  /** What is wrong, e.g. `finalTheta.f64 (finalTheta) is truncated: 12 bytes, expected 40`. */
  reason: text(4000),
});
export type DamagedEntry = z.output<typeof DamagedEntrySchema>;

export const AnalysisSummarySchema = z.strictObject({
  analysisId: identifier(),
  createdAt: timestamp(),
  runId: identifier().nullable(),
  /** Which point of the run ('final', 'initial', 'split', …), null for a network source. */
  which: text(40).nullable(),
  loss: finiteNumber(),
  gradNorm: finiteNumber(),
  index: nonNegativeInt(),
  classification: text(100),
  parameterCount: nonNegativeInt(),
  /** Bytes on disk: analysis.json and its two .f64 arrays (checked against the record on open). */
  bytes: nonNegativeInt().optional(),
});
export type AnalysisSummary = z.output<typeof AnalysisSummarySchema>;

export const ExportSummarySchema = z.strictObject({
  exportId: identifier(),
  files: z.array(text(200)),
  bytes: nonNegativeInt(),
  modifiedAt: timestamp(),
});
export type ExportSummary = z.output<typeof ExportSummarySchema>;

export const JobsListRequestSchema = z
  .strictObject({
    offset: nonNegativeInt().default(0),
    limit: nonNegativeInt(10_000).default(1_000),
  })
  .default({ offset: 0, limit: 1_000 });

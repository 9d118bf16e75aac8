/** The JSON files of the workspace, with their schemas (checked when a workspace is reopened). */
import { z } from 'zod';
import { ExperimentSpecSchema } from '../../contract/experiment';
import { identifier, nonNegativeInt, text, timestamp } from '../../contract/fields';
import { RunSummarySchema } from '../../contract/runs';
import { ArchitectureSchema } from '../../contract/tasks';
import { withOrigin } from './legacyOrigin';

export const RUN_ARRAYS = [
  'initialTheta',
  'finalTheta',
  'curveTime',
  'curveLoss',
  'trajectoryTime',
  'trajectoryLoss',
  'trajectoryTheta',
] as const;
export type RunArrayName = (typeof RUN_ARRAYS)[number];
export type RunArrays = Record<RunArrayName, Float64Array>;

export const ArrayRefSchema = z.strictObject({
  file: z.string().regex(/^[A-Za-z0-9_-]+\.f64$/, { error: 'expected a .f64 file name' }),
  /** Row-major shape; the file holds the product of the entries as doubles. */
  shape: z.array(nonNegativeInt()).min(1).max(2),
});
export type ArrayRef = z.output<typeof ArrayRefSchema>;

export const RunRecordSchema = z.strictObject({
  format: z.literal('escape-studio/run@1'),
  /** Records written before runs had an `origin` get one inferred here (legacyOrigin.ts). */
  summary: z.preprocess(withOrigin, RunSummarySchema),
  architecture: ArchitectureSchema,
  arrays: z.strictObject(Object.fromEntries(RUN_ARRAYS.map((name) => [name, ArrayRefSchema])) as Record<RunArrayName, typeof ArrayRefSchema>),
});
export type RunRecord = z.output<typeof RunRecordSchema>;

export const BatchSpecSchema = ExperimentSpecSchema.omit({ initialTheta: true });

export const BatchRecordSchema = z.strictObject({
  format: z.literal('escape-studio/batch@1'),
  batchId: identifier(),
  name: text(200).nullable(),
  createdAt: timestamp(),
  spec: BatchSpecSchema,
  /** Set when the user cancelled the batch (jobs.cancel with its batchId); cleared by batches.resume. */
  cancelledAt: timestamp().optional(),
  /** Where the batch's flow ran when it asked for a device (issue 13): 'gpu', or 'cpu' (see deviceNote). */
  device: z.enum(['cpu', 'gpu']).optional(),
  /** Why a `device: 'gpu'` batch ran on the CPU (no adapter, or what the GPU kernel cannot train). */
  deviceNote: text(1000).optional(),
});
export type BatchRecord = z.output<typeof BatchRecordSchema>;

export const AnalysisRecordSchema = z.strictObject({
  format: z.literal('escape-studio/analysis@1'),
  analysisId: identifier(),
  createdAt: timestamp(),
  /** The run analysed, when the point came from one. */
  runId: identifier().nullable(),
  which: z.enum(['final', 'initial', 'split']).nullable(),
  loss: z.number(),
  gradNorm: z.number(),
  index: nonNegativeInt(),
  classification: text(100),
  parameterCount: nonNegativeInt(),
  arrays: z.strictObject({ eigenvalues: ArrayRefSchema, escapeDirections: ArrayRefSchema }),
});
export type AnalysisRecord = z.output<typeof AnalysisRecordSchema>;

export function elementCount(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

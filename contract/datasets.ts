/**
 * Dataset files in the workspace: `datasets.inspect` (what a dataset file holds, nothing stored),
 * `datasets.import` (the file's X, Y stored as <workspace>/datasets/<datasetId>/) and `datasets.list`.
 * A run trains and is analysed on a stored dataset when its spec names it (`dataset: datasetId`),
 * e.g. an imported network that fits no teacher.
 */
import { z } from 'zod';
import { identifier, positiveInt, text, timestamp } from './fields';
import { UploadSchema } from './files';

/** Target columns of a CSV (the other columns are the inputs). */
const TargetsSchema = z.array(text(200).min(1, { error: 'expected a column name' })).min(1).max(1000);

export const DatasetFileRequestSchema = z.strictObject({
  file: UploadSchema,
  /** CSV: the target columns; default the last `outputDim` columns (or the last one). */
  targets: TargetsSchema.optional(),
  /** .npy pair: the targets array (`file` holds the inputs). */
  targetsFile: UploadSchema.optional(),
  /** The network the data is for: its input/output sizes are checked, and pick CSV's default targets. */
  inputDim: positiveInt(100_000).optional(),
  outputDim: positiveInt(100_000).optional(),
  name: text(200).optional(),
});

export const DatasetInfoSchema = z.strictObject({
  fileName: text(255),
  /** What the file was read as: 'npz', 'npy', 'csv' or 'json'. */
  format: text(50),
  count: positiveInt(),
  inputDim: positiveInt(),
  outputDim: positiveInt(),
  /** Which keys / columns were used, in words. */
  notes: z.array(text(2000)).max(100),
  /** CSV only: every column, and which were used as inputs and targets. */
  columns: z.array(text(200)).max(10_000).optional(),
  inputColumns: z.array(text(200)).max(10_000).optional(),
  targetColumns: z.array(text(200)).max(10_000).optional(),
});
export type DatasetInfo = z.output<typeof DatasetInfoSchema>;

export const DatasetSummarySchema = DatasetInfoSchema.extend({
  datasetId: identifier(),
  name: text(200),
  createdAt: timestamp(),
});
export type DatasetSummary = z.output<typeof DatasetSummarySchema>;

/**
 * Where a run came from, as structured data (never parsed back from a run's name):
 *   train   — trained by `experiments.start` from a seeded initialization (or a given θ₀,
 *             `fromRunId` naming the run that θ₀ came from, e.g. an imported network)
 *   split   — trained from the split of a neuron of `parentRunId` (paper §3.1)
 *   import  — a network read from a file (`runs.import`), θ as stored in the file
 */
import { z } from 'zod';
import { finiteNumber, identifier, nonNegativeInt, nonNegativeNumber, text } from './fields';

export const TrainOriginSchema = z.strictObject({
  kind: z.literal('train'),
  /** The run whose θ was the starting point, when training continued from a stored run. */
  fromRunId: identifier().optional(),
});

export const SplitOriginSchema = z.strictObject({
  kind: z.literal('split'),
  parentRunId: identifier(),
  /** Hidden layer of the split neuron (0 = first hidden layer). */
  layer: nonNegativeInt(63).default(0),
  neuron: nonNegativeInt(100_000),
  /** Outgoing weights became γ·a and (1 − γ)·a. */
  gamma: finiteNumber(),
  /** Nudge ε: the copies' incoming weights (and bias) end ε apart along a seeded random unit direction (0: exact split). */
  nudge: nonNegativeNumber(),
});
export type SplitOrigin = z.output<typeof SplitOriginSchema>;

export const ImportOriginSchema = z.strictObject({
  kind: z.literal('import'),
  /** The file's name as the user opened it (no folders). */
  file: text(255),
  /** The format it was read as, e.g. 'pytorch', 'onnx', 'safetensors', 'npz', 'json'. */
  format: text(50),
});

export const RunOriginSchema = z.discriminatedUnion('kind', [TrainOriginSchema, SplitOriginSchema, ImportOriginSchema], {
  error: "expected origin kind 'train', 'split' or 'import'",
});
export type RunOrigin = z.output<typeof RunOriginSchema>;

/** What `experiments.start` may declare (imports only come from `runs.import`). */
export const StartOriginSchema = z.discriminatedUnion('kind', [TrainOriginSchema, SplitOriginSchema], {
  error: "expected origin kind 'train' or 'split'",
});

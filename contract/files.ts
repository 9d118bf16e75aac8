/**
 * Network files in and out: `files.inspect` (what a file holds and the network we read from it),
 * `runs.import` (that network becomes a run of the workspace, origin import) and `networks.export`
 * (a run's θ written as a file PyTorch, ONNX Runtime, NumPy or we can read back).
 *
 * Files travel as base64 inside the JSON frames (both transports carry JSON); the decoded size is
 * capped by MAX_UPLOAD_BYTES, which the error names.
 */
import { z } from 'zod';
import { TeacherDataSchema } from './experiment';
import { identifier, nonNegativeInt, oneOf, positiveInt, text } from './fields';
import { RunSummarySchema } from './runs';
import { ACTIVATION_NAMES } from './vocabulary';
import { MAX_MESSAGE_BYTES } from './wire';

/**
 * Largest file the studio accepts over its API (decoded bytes): its base64 (4/3 as long) plus the
 * request around it must fit in one WebSocket frame (MAX_MESSAGE_BYTES), so 23 MiB.
 */
export const MAX_UPLOAD_BYTES = (MAX_MESSAGE_BYTES / 4) * 3 - 1024 * 1024;
const MAX_BASE64 = Math.ceil(MAX_UPLOAD_BYTES / 3) * 4;

const mib = (bytes: number): string => `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;

/** Decoded length of a base64 string (padding excluded). */
export function base64ByteLength(b64: string): number {
  const padding = b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0;
  return Math.floor((b64.length * 3) / 4) - padding;
}

export const Base64Schema = z
  .string({ error: 'expected the file content as a base64 string' })
  .superRefine((value, ctx) => {
    // Length first: an oversized upload is refused without scanning it.
    if (value.length > MAX_BASE64) {
      ctx.addIssue({
        code: 'custom',
        message: `file is ${mib(base64ByteLength(value))}, over the upload limit of ${mib(MAX_UPLOAD_BYTES)}`,
      });
      return;
    }
    if (value.length === 0) ctx.addIssue({ code: 'custom', message: 'file is empty' });
    else if (value.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(value))
      ctx.addIssue({ code: 'custom', message: 'expected the file content as a base64 string' });
  });

export const UploadSchema = z.strictObject({
  /** The file's name (no folders), used to pick the format where content alone is ambiguous. */
  name: text(255).min(1, { error: 'expected a file name' }),
  base64: Base64Schema,
});
export type Upload = z.output<typeof UploadSchema>;

/** Activations per layer (hidden layers then output) where the file does not say. */
const ActivationsSchema = z.array(oneOf(ACTIVATION_NAMES)).min(1).max(64);

export const TensorInfoSchema = z.strictObject({
  name: text(500),
  dtype: text(20),
  shape: z.array(nonNegativeInt()).max(16),
});

export const FileInspectRequestSchema = z.strictObject({
  file: UploadSchema,
  activations: ActivationsSchema.optional(),
});

export const NetworkInfoSchema = z.strictObject({
  fileName: text(255),
  /** What the file was read as: 'pytorch', 'onnx', 'safetensors', 'npz', 'npy' or 'json'. */
  format: text(50),
  /** In words, e.g. "PyTorch state_dict (zip)". */
  formatLabel: text(200),
  tensors: z.array(TensorInfoSchema).max(10_000),
  /** Layers in order; activation null where the file does not say (weights-only files). */
  layers: z
    .array(
      z.strictObject({
        inputs: positiveInt(),
        outputs: positiveInt(),
        bias: z.boolean(),
        activation: oneOf(ACTIVATION_NAMES).nullable(),
      }),
    )
    .min(1)
    .max(64),
  /** Where each layer came from, e.g. "layer 1 (2 → 4) ← 0.weight, 0.bias". */
  layerSources: z.array(text(2000)).max(64),
  /** True when every activation was read from the file (and none was overridden). */
  activationsFromFile: z.boolean(),
  parameterCount: positiveInt(),
  inputDim: positiveInt(),
  outputDim: positiveInt(),
  /** What was inferred or assumed (name mapping, transposed kernels, default activations). */
  notes: z.array(text(2000)).max(100),
});
export type NetworkInfo = z.output<typeof NetworkInfoSchema>;

export const ImportDataSchema = z.discriminatedUnion(
  'kind',
  [TeacherDataSchema.extend({ kind: z.literal('teacher') }), z.strictObject({ kind: z.literal('dataset'), datasetId: identifier() })],
  { error: "expected data kind 'teacher' or 'dataset'" },
);

export const RunImportRequestSchema = z.strictObject({
  file: UploadSchema,
  activations: ActivationsSchema.optional(),
  /** The dataset the imported network is evaluated (and trained further) on. */
  data: ImportDataSchema,
  name: text(200).optional(),
});

export const RunImportResultSchema = z.strictObject({ run: RunSummarySchema, network: NetworkInfoSchema });

export const NETWORK_FILE_FORMATS = ['pt', 'safetensors', 'onnx', 'npz', 'json'] as const;
export type NetworkFileFormat = (typeof NETWORK_FILE_FORMATS)[number];

export const NetworkExportRequestSchema = z.strictObject({
  runId: identifier(),
  which: oneOf(['final', 'initial'] as const).default('final'),
  /** θ of trajectory snapshot k instead (the time slider); `which` is then ignored. */
  snapshot: nonNegativeInt().optional(),
  format: oneOf(NETWORK_FILE_FORMATS),
});

export const NetworkExportResultSchema = z.strictObject({
  /** Suggested file name, e.g. `run-abc-final.pt`. */
  fileName: text(255),
  format: oneOf(NETWORK_FILE_FORMATS),
  base64: z.string(),
  byteLength: nonNegativeInt(),
});

/** analyze / split: operations on one network point θ with a dataset (its landscape: contract/landscape.ts). */
import { z } from 'zod';
import { TeacherDataSchema } from './experiment';
import {
  expecting,
  finiteNumber,
  identifier,
  nonNegativeInt,
  nonNegativeNumber,
  numbers,
  oneOf,
  positiveInt,
  text,
} from './fields';
import { ACTIVATION_NAMES, CLASSIFICATIONS } from './vocabulary';

const MAX_ROWS = 1_000_000;

/** The `escape-studio/mlp@1` checkpoint JSON (shape only; the engine checks dimensions). */
export const CheckpointSchema = z.strictObject({
  format: z.literal('escape-studio/mlp@1', { error: expecting("expected 'escape-studio/mlp@1'") }),
  layers: z
    .array(
      z.strictObject({
        weight: z.array(numbers(100_000)).max(100_000),
        bias: numbers(100_000).nullable(),
        activation: oneOf(ACTIVATION_NAMES),
      }),
    )
    .min(1, { error: 'expected at least one layer' })
    .max(64),
  meta: z.record(z.string(), z.unknown()).optional(),
});
export type Checkpoint = z.output<typeof CheckpointSchema>;

export const DataSourceSchema = z.discriminatedUnion(
  'kind',
  [
    TeacherDataSchema.extend({ kind: z.literal('teacher') }),
    z.strictObject({
      kind: z.literal('inline'),
      X: z.array(numbers(10_000)).min(1).max(MAX_ROWS),
      y: z.array(numbers(10_000)).min(1).max(MAX_ROWS),
    }),
  ],
  { error: expecting("expected kind 'teacher' or 'inline'") },
);
export type DataSource = z.output<typeof DataSourceSchema>;

/** A point to work on: a stored run's final (or initial) θ with its data, or an explicit network. */
export const PointSourceSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({
      kind: z.literal('run'),
      runId: identifier(),
      /**
       * `initial` is where training started — for a split run the nudged start when its nudge ε > 0;
       * `split` (split runs only) is the exact split point itself (ε = 0) of the parent's final θ.
       */
      which: oneOf(['final', 'initial', 'split'] as const).default('final'),
      /** θ of trajectory snapshot k instead (the studio's time slider); `which` is then ignored. */
      snapshot: nonNegativeInt().optional(),
    }),
    z.strictObject({
      kind: z.literal('network'),
      checkpoint: CheckpointSchema,
      data: DataSourceSchema,
    }),
    /** A node of a stored hierarchy exploration (`hierarchy.explore`), with that exploration's data. */
    z.strictObject({ kind: z.literal('hierarchy'), hierarchyId: identifier(), node: nonNegativeInt() }),
  ],
  { error: expecting("expected kind 'run', 'network' or 'hierarchy'") },
);
export type PointSource = z.output<typeof PointSourceSchema>;

/**
 * Which Hessian spectrum the analysis is based on: 'auto' (dense up to 2,000 parameters, extremal
 * above), 'dense' (every eigenvalue; P² memory), 'extremal' (the `smallest` lowest and `largest`
 * highest eigenpairs by Lanczos on exact Hessian-vector products; P·k memory).
 */
export const SpectrumRequestSchema = z.strictObject({
  mode: z.enum(['auto', 'dense', 'extremal'], { error: expecting("expected 'auto', 'dense' or 'extremal'") }).default('auto'),
  smallest: positiveInt(1000).default(10),
  largest: nonNegativeInt(1000).default(5),
});

/** What the reported eigenvalues are: all of them, or the extremal ones only (then the index may be a lower bound). */
export const SpectrumInfoSchema = z.strictObject({
  kind: z.enum(['full', 'partial']),
  /** How many of `eigenvalues` are the lowest ones (all, when full). */
  smallestCount: nonNegativeInt(),
  converged: z.boolean(),
  /** False when every known low eigenvalue is negative: the index is then only a lower bound. */
  indexExact: z.boolean(),
});

export const AnalyzeRequestSchema = z.strictObject({
  source: PointSourceSchema,
  /** Also return eigenvectors of the negative eigenvalues (escape directions, paper eq. 9). */
  escapeDirections: z.boolean({ error: 'expected boolean' }).default(false),
  spectrum: SpectrumRequestSchema.optional(),
});

export const AnalysisSchema = z.strictObject({
  analysisId: identifier(),
  loss: nonNegativeNumber(),
  gradNorm: nonNegativeNumber(),
  /** Hessian eigenvalues, ascending: all of them, or (spectrum.kind 'partial') the lowest then the highest few. */
  eigenvalues: numbers(1_000_000),
  /** Number of negative eigenvalues (a lower bound when spectrum.indexExact is false). */
  index: nonNegativeInt(),
  classification: oneOf(CLASSIFICATIONS),
  /** The certificate behind the classification, e.g. "…; Clarke stationary (residual 3e-17), reduced Hessian PSD". */
  reason: text(1000).optional(),
  parameterCount: positiveInt(),
  escapeDirections: z.array(numbers(1_000_000)),
  /** Absent in analyses stored before extremal spectra existed (they are all full). */
  spectrum: SpectrumInfoSchema.optional(),
});
export type Analysis = z.output<typeof AnalysisSchema>;

export const SplitRequestSchema = z.strictObject({
  source: PointSourceSchema,
  /** Index of the hidden layer whose neuron is split (0 = first hidden layer). */
  layer: nonNegativeInt(63).default(0),
  neuron: nonNegativeInt(100_000),
  /** Outgoing weights become γ·a and (1−γ)·a (paper §3.1). */
  gamma: finiteNumber(),
  /** Size ε of a seeded random nudge separating the copies' incoming weights (0: exact split). */
  perturb: finiteNumber().default(0),
  perturbSeed: nonNegativeInt(2 ** 32 - 1).default(0),
});

export const SplitResultSchema = z.strictObject({
  checkpoint: CheckpointSchema,
  theta: numbers(1_000_000),
  parameterCount: positiveInt(),
  loss: nonNegativeNumber(),
  gradNorm: nonNegativeNumber(),
  /** max over the data of |f_split(x) − f(x)| (0 up to rounding when perturb = 0). */
  maxFunctionChange: nonNegativeNumber(),
  /**
   * The exact split point (ε = 0), a critical point when the parent was one (paper Thm 3.1).
   * `theta`, `loss`, `gradNorm` and `checkpoint` above are the nudged start training begins from
   * (the same point when perturb = 0).
   */
  exact: z.strictObject({ checkpoint: CheckpointSchema, theta: numbers(1_000_000), loss: nonNegativeNumber(), gradNorm: nonNegativeNumber() }),
});
export type SplitResult = z.output<typeof SplitResultSchema>;


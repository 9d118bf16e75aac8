/** analyze / split / surface: operations on one network point θ with a dataset. */
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
import { ACTIVATION_NAMES } from './vocabulary';

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
      which: oneOf(['final', 'initial'] as const).default('final'),
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

export const AnalyzeRequestSchema = z.strictObject({
  source: PointSourceSchema,
  /** Also return eigenvectors of the negative eigenvalues (escape directions, paper eq. 9). */
  escapeDirections: z.boolean({ error: 'expected boolean' }).default(false),
});

export const AnalysisSchema = z.strictObject({
  analysisId: identifier(),
  loss: nonNegativeNumber(),
  gradNorm: nonNegativeNumber(),
  /** All Hessian eigenvalues, ascending. */
  eigenvalues: numbers(1_000_000),
  /** Number of negative eigenvalues. */
  index: nonNegativeInt(),
  classification: text(100),
  parameterCount: positiveInt(),
  escapeDirections: z.array(numbers(1_000_000)),
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
});
export type SplitResult = z.output<typeof SplitResultSchema>;

const RangeSchema = z
  .tuple([finiteNumber(), finiteNumber()], { error: expecting('expected [min, max]') })
  .refine((r) => r[1] > r[0], { error: 'expected max > min' });

export const PlaneDirectionsSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('explicit'), u: numbers(1_000_000), v: numbers(1_000_000) }),
    /** Filter-normalized random directions (Li et al. 2018) from streams 0 and 1 of Rng(seed). */
    z.strictObject({
      kind: z.literal('random'),
      seed: nonNegativeInt(2 ** 32 - 1),
      bias: oneOf(['zero', 'filter'] as const).default('zero'),
    }),
    /** Hessian eigenvectors i (α axis) and j (β axis), eigenvalues ascending. */
    z.strictObject({ kind: z.literal('eigenvectors'), i: nonNegativeInt(), j: nonNegativeInt() }),
    /** The paper's Fig. 6 plane: escape (most negative eigenvalue) × curvature (largest). */
    z.strictObject({ kind: z.literal('escape-curvature') }),
  ],
  { error: expecting("expected kind 'explicit', 'random', 'eigenvectors' or 'escape-curvature'") },
);
export type PlaneDirectionsRequest = z.output<typeof PlaneDirectionsSchema>;

export const SurfaceRequestSchema = z.strictObject({
  source: PointSourceSchema,
  /** The plane θ₀ + αu + βv through the source point θ₀. */
  directions: PlaneDirectionsSchema,
  alphaRange: RangeSchema,
  betaRange: RangeSchema,
  /** Grid points per axis. */
  resolution: z
    .number({ error: expecting('expected integer in [2, 1025]') })
    .int({ error: 'expected integer in [2, 1025]' })
    .min(2, { error: 'expected integer in [2, 1025]' })
    .max(1025, { error: 'expected integer in [2, 1025]' }),
});

export const SurfaceSchema = z.strictObject({
  alpha: numbers(1025),
  beta: numbers(1025),
  /** loss[i * resolution + k] = L(θ₀ + alpha[k]·u + beta[i]·v) (β-major rows). */
  loss: numbers(1025 * 1025),
  u: numbers(1_000_000),
  v: numbers(1_000_000),
  /** What the axes are, e.g. "eigenvector 0 (λ = -3.1e-5)". */
  uLabel: text(200),
  vLabel: text(200),
  minLoss: nonNegativeNumber(),
  maxLoss: nonNegativeNumber(),
});
export type Surface = z.output<typeof SurfaceSchema>;

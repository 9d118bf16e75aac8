/**
 * `landscape` and `teacher`: the studio's visual panels' data. `landscape` is `surface` with
 * the planes the panels need (escape × curvature, eigenvectors, filter-normalized random,
 * trajectory PCA, three points), progressive refinement (a coarser grid of the same request is
 * reused, only new points are computed) and points placed on the plane with their off-plane
 * distance (trajectories, critical points). `teacher` returns a preset teacher's weights (the
 * weight-space view draws them as crosses).
 */
import { z } from 'zod';
import { PointSourceSchema } from './analysis';
import { expecting, finiteNumber, nonNegativeInt, nonNegativeNumber, numbers, oneOf, positiveInt, text } from './fields';
import { ArchitectureSchema } from './architecture';
import { f64, TaskDataSchema, TaskNetworkSchema } from './taskInputs';
import { TEACHERS } from './vocabulary';

export const MAX_LANDSCAPE_RESOLUTION = 513;
const MAX_POINTS = 5000;
const MAX_PARAMETERS = 1_000_000;

const range = () =>
  z
    .tuple([finiteNumber(), finiteNumber()], { error: expecting('expected [min, max]') })
    .refine((r) => r[1] > r[0], { error: 'expected max > min' });

const resolution = () =>
  z
    .number({ error: expecting(`expected integer in [2, ${MAX_LANDSCAPE_RESOLUTION}]`) })
    .int({ error: `expected integer in [2, ${MAX_LANDSCAPE_RESOLUTION}]` })
    .min(2, { error: `expected integer in [2, ${MAX_LANDSCAPE_RESOLUTION}]` })
    .max(MAX_LANDSCAPE_RESOLUTION, { error: `expected integer in [2, ${MAX_LANDSCAPE_RESOLUTION}]` });

const point = () => numbers(MAX_PARAMETERS);

/** How the plane θ₀ + αu + βv through the source point θ₀ is spanned. */
export const LandscapePlaneSchema = z.discriminatedUnion(
  'kind',
  [
    /** The paper's Fig. 6 plane: α along the most negative curvature, β along the largest. */
    z.strictObject({ kind: z.literal('escape-curvature') }),
    /** Hessian eigenvectors i (α) and j (β), eigenvalues ascending. */
    z.strictObject({ kind: z.literal('eigenvectors'), i: nonNegativeInt(), j: nonNegativeInt() }),
    /** Filter-normalized random directions (Li et al. 2018) from streams 0 and 1 of Rng(seed). */
    z.strictObject({
      kind: z.literal('random'),
      seed: nonNegativeInt(2 ** 32 - 1),
      bias: oneOf(['zero', 'filter'] as const).default('zero'),
    }),
    /** The two principal components of a trajectory (≥ 3 θ snapshots); the plane passes through θ₀. */
    z.strictObject({ kind: z.literal('pca'), points: z.array(point()).min(3, { error: 'expected at least 3 points' }).max(MAX_POINTS) }),
    /** The plane through θ₀ and two more points (e.g. θ₀ = saddle, with init and end); θ₀ is the origin. */
    z.strictObject({ kind: z.literal('three-point'), points: z.tuple([point(), point()], { error: expecting('expected [θa, θb]') }) }),
    z.strictObject({ kind: z.literal('explicit'), u: point(), v: point() }),
  ],
  { error: expecting("expected kind 'escape-curvature', 'eigenvectors', 'random', 'pca', 'three-point' or 'explicit'") },
);
export type LandscapePlane = z.output<typeof LandscapePlaneSchema>;

export const LandscapeRequestSchema = z.strictObject({
  source: PointSourceSchema,
  plane: LandscapePlaneSchema,
  /**
   * Absent: along an eigenvector ±√(2L(θ₀)/|λ|) (clamped to [1e-3, 10]); along other axes fitted
   * around θ₀ and the projected points, or [−1, 1] when there are none.
   */
  alphaRange: range().optional(),
  betaRange: range().optional(),
  resolution: resolution(),
  /** An earlier, coarser answer to the same request (same plane and ranges): its points are reused. */
  coarse: z.strictObject({ resolution: resolution(), loss: numbers(MAX_LANDSCAPE_RESOLUTION ** 2) }).optional(),
  /** θ points to place on the plane (a trajectory, critical points). */
  project: z.array(point()).max(MAX_POINTS).default([]),
});
export type LandscapeRequest = z.output<typeof LandscapeRequestSchema>;

/** What one plane axis is, for its label. */
export const AxisInfoSchema = z.strictObject({
  kind: oneOf(['eigenvector', 'random-filter-normalized', 'pca', 'three-point', 'explicit'] as const),
  /** e.g. "escape: eigenvector 0 (λ = −3.1e−5)". */
  label: text(200),
  /** Eigenvector axes: eigenvalue and index. */
  eigenvalue: finiteNumber().nullable(),
  eigenIndex: nonNegativeInt().nullable(),
  /** PCA axes: fraction of the trajectory's variance. */
  explainedVariance: nonNegativeNumber().nullable(),
  /** ‖direction‖: α = 1 moves θ by this Euclidean distance. */
  norm: nonNegativeNumber(),
});
export type AxisInfo = z.output<typeof AxisInfoSchema>;

export const ProjectionSchema = z.strictObject({
  alpha: numbers(MAX_POINTS),
  beta: numbers(MAX_POINTS),
  /** Distance of each point from the plane (‖θ − θ₀ − αu − βv‖). */
  offPlane: numbers(MAX_POINTS),
  /** L at the in-plane point (α, β) — what the surface shows under the point. */
  planeLoss: numbers(MAX_POINTS),
  /** L at the point itself. */
  loss: numbers(MAX_POINTS),
});
export type Projection = z.output<typeof ProjectionSchema>;

export const LandscapeSchema = z.strictObject({
  resolution: positiveInt(),
  alphaRange: z.tuple([finiteNumber(), finiteNumber()]),
  betaRange: z.tuple([finiteNumber(), finiteNumber()]),
  alpha: numbers(MAX_LANDSCAPE_RESOLUTION),
  beta: numbers(MAX_LANDSCAPE_RESOLUTION),
  /** loss[i·resolution + k] = L(θ₀ + alpha[k]·u + beta[i]·v), L = (1/N)Σ‖f(x) − y‖² (β-major rows). */
  loss: numbers(MAX_LANDSCAPE_RESOLUTION ** 2),
  minLoss: nonNegativeNumber(),
  maxLoss: nonNegativeNumber(),
  axes: z.tuple([AxisInfoSchema, AxisInfoSchema]),
  /** Loss at θ₀. */
  originLoss: nonNegativeNumber(),
  projection: ProjectionSchema,
  /** Grid points taken from `coarse` instead of computed. */
  reused: nonNegativeInt(),
  parameterCount: positiveInt(),
});
export type Landscape = z.output<typeof LandscapeSchema>;

export const TeacherRequestSchema = z.strictObject({ teacher: oneOf(TEACHERS) });
export const TeacherInfoSchema = z.strictObject({
  teacher: oneOf(TEACHERS),
  description: text(2000),
  inputDim: positiveInt(),
  width: positiveInt(),
  activation: text(50),
  /** Hidden neuron j's incoming weights (inputDim entries) and bias. */
  neurons: z.array(z.strictObject({ weight: numbers(100_000), bias: finiteNumber(), outgoing: numbers(100_000) })),
});
export type TeacherInfo = z.output<typeof TeacherInfoSchema>;

/** The worker task behind `landscape` (large arrays as Float64Array); listed in contract/tasks.ts TASKS. */
export const LandscapeTaskSchema = {
  payload: z.strictObject({
    network: TaskNetworkSchema,
    data: TaskDataSchema,
    plane: z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('escape-curvature') }),
      z.strictObject({ kind: z.literal('eigenvectors'), i: nonNegativeInt(), j: nonNegativeInt() }),
      z.strictObject({ kind: z.literal('random'), seed: nonNegativeInt(), bias: oneOf(['zero', 'filter'] as const) }),
      /** count × P row-major. */
      z.strictObject({ kind: z.literal('pca'), points: f64(), count: positiveInt() }),
      z.strictObject({ kind: z.literal('three-point'), a: f64(), b: f64() }),
      z.strictObject({ kind: z.literal('explicit'), u: f64(), v: f64() }),
    ]),
    alphaRange: z.tuple([finiteNumber(), finiteNumber()]).nullable(),
    betaRange: z.tuple([finiteNumber(), finiteNumber()]).nullable(),
    resolution: positiveInt(),
    coarse: z.strictObject({ resolution: positiveInt(), loss: f64() }).nullable(),
    /** projectCount × P row-major. */
    project: f64(),
    projectCount: nonNegativeInt(),
  }),
  result: z.strictObject({
    resolution: positiveInt(),
    alphaRange: z.tuple([finiteNumber(), finiteNumber()]),
    betaRange: z.tuple([finiteNumber(), finiteNumber()]),
    alpha: f64(),
    beta: f64(),
    loss: f64(),
    /** The plane's directions (what surface exports write next to θ₀). */
    u: f64(),
    v: f64(),
    axes: z.tuple([AxisInfoSchema, AxisInfoSchema]),
    originLoss: nonNegativeNumber(),
    projAlpha: f64(),
    projBeta: f64(),
    projOffPlane: f64(),
    projPlaneLoss: f64(),
    projLoss: f64(),
    reused: nonNegativeInt(),
    parameterCount: positiveInt(),
  }),
} as const;

/** The worker task behind `teacher`. */
export const TeacherTaskSchema = {
  payload: TeacherRequestSchema,
  result: z.strictObject({
    description: text(2000),
    architecture: ArchitectureSchema,
    theta: f64(),
  }),
} as const;

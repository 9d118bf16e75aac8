/**
 * `escape-studio/scene@1`: a recorded landscape animation as a document — what to show (a run's
 * point, the plane, grid, loss scale, colour map), how the camera moves (keyframes in orbit
 * coordinates, eased), how the training replay advances (the time slider's snapshot range), and
 * the output (duration, fps, size). Frame k is rendered at scene time k/fps, so a scene
 * determines its frames. Saved in the workspace (`scenes.save/list/get`) and read by
 * `escape-studio record --scene S.json`.
 */
import { z } from 'zod';
import { PointSourceSchema } from './analysis';
import { expecting, finiteNumber, identifier, nonNegativeInt, oneOf, positiveInt, text } from './fields';

export const SCENE_FORMAT = 'escape-studio/scene@1';
export const MAX_SCENE_SIZE = { width: 3840, height: 2160 } as const;
export const MAX_SCENE_FRAMES = 36_000;
export const SCENE_COLORMAPS = ['viridis', 'magma', 'cividis'] as const;
export const SCENE_EASINGS = ['linear', 'ease-in-out', 'ease-in', 'ease-out'] as const;

const range = () =>
  z
    .tuple([finiteNumber(), finiteNumber()], { error: expecting('expected [min, max]') })
    .refine((r) => r[1] > r[0], { error: 'expected max > min' });

/** The plane as the studio names it; PCA and three-point planes take their points from the run. */
export const ScenePlaneSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('escape-curvature') }),
    z.strictObject({ kind: z.literal('eigenvectors'), i: nonNegativeInt(), j: nonNegativeInt() }),
    z.strictObject({ kind: z.literal('random'), seed: nonNegativeInt(2 ** 32 - 1) }),
    z.strictObject({ kind: z.literal('pca') }),
    z.strictObject({ kind: z.literal('three-point') }),
  ],
  { error: expecting("expected kind 'escape-curvature', 'eigenvectors', 'random', 'pca' or 'three-point'") },
);
export type ScenePlane = z.output<typeof ScenePlaneSchema>;

/** A camera pose in orbit coordinates about `target` (scene units; the surface spans x, z ∈ [−1, 1]). */
export const CameraPoseSchema = z.strictObject({
  /** Degrees about the vertical axis; 0 looks along −z (from +z). */
  azimuth: finiteNumber(),
  /** Degrees above the floor, in (−90, 90). */
  elevation: z.number({ error: expecting('expected number in (−90, 90)') }).gt(-90, { error: 'expected number in (−90, 90)' }).lt(90, { error: 'expected number in (−90, 90)' }),
  /** Distance from the target, in [0.3, 20]. */
  distance: z.number({ error: expecting('expected number in [0.3, 20]') }).min(0.3, { error: 'expected number in [0.3, 20]' }).max(20, { error: 'expected number in [0.3, 20]' }),
  /** The point looked at (pan). */
  target: z.tuple([finiteNumber(), finiteNumber(), finiteNumber()], { error: expecting('expected [x, y, z]') }),
});
export type CameraPose = z.output<typeof CameraPoseSchema>;

export const KeyframeSchema = z.strictObject({
  /** Seconds from the start of the scene. */
  time: z.number({ error: expecting('expected non-negative number of seconds') }).min(0, { error: 'expected non-negative number of seconds' }),
  pose: CameraPoseSchema,
  /** How the camera moves from this keyframe to the next. */
  easing: oneOf(SCENE_EASINGS).default('ease-in-out'),
});
export type Keyframe = z.output<typeof KeyframeSchema>;

export const SceneSchema = z
  .strictObject({
    format: z.literal(SCENE_FORMAT, { error: `expected '${SCENE_FORMAT}'` }),
    /** Given by scenes.save; absent in a document that was never saved. */
    sceneId: identifier().optional(),
    name: text(200).default('untitled scene'),
    /** θ₀ of the plane. */
    source: PointSourceSchema,
    /** The run whose trajectory is replayed (and whose points PCA / three-point planes use); null: no replay. */
    runId: identifier().nullable().default(null),
    plane: ScenePlaneSchema,
    alphaRange: range().optional(),
    betaRange: range().optional(),
    /** Grid points per side. */
    grid: z.number({ error: expecting('expected integer in [9, 257]') }).int({ error: 'expected integer in [9, 257]' }).min(9, { error: 'expected integer in [9, 257]' }).max(257, { error: 'expected integer in [9, 257]' }).default(65),
    scale: oneOf(['log10', 'linear'] as const).default('log10'),
    colormap: oneOf(SCENE_COLORMAPS).default('viridis'),
    contours: nonNegativeInt(40).default(12),
    theme: oneOf(['dark', 'light'] as const).default('light'),
    /** At least one; sorted by time (the first holds before it, the last after it). */
    keyframes: z.array(KeyframeSchema).min(1, { error: 'expected at least one camera keyframe' }).max(200),
    /** Training replay: the trajectory marker goes from snapshot `from` to `to` over the scene (linearly in snapshots). */
    replay: z.strictObject({ from: nonNegativeInt(), to: nonNegativeInt() }).nullable().default(null),
    duration: z.number({ error: expecting('expected seconds in (0, 600]') }).gt(0, { error: 'expected seconds in (0, 600]' }).max(600, { error: 'expected seconds in (0, 600]' }),
    fps: positiveInt(120),
    width: positiveInt(MAX_SCENE_SIZE.width),
    height: positiveInt(MAX_SCENE_SIZE.height),
    /** Draw the colour bar and axis labels into the frames. */
    annotations: z.boolean({ error: 'expected boolean' }).default(true),
  })
  .refine((s) => s.keyframes.every((k, i) => i === 0 || k.time >= s.keyframes[i - 1].time), {
    error: 'expected keyframes in increasing time',
    path: ['keyframes'],
  })
  .refine((s) => Math.round(s.duration * s.fps) <= MAX_SCENE_FRAMES, {
    error: `expected duration × fps ≤ ${MAX_SCENE_FRAMES} frames`,
    path: ['duration'],
  })
  .refine((s) => s.width % 2 === 0 && s.height % 2 === 0, { error: 'expected even width and height (video encoders need them)', path: ['width'] });
export type Scene = z.output<typeof SceneSchema>;
export type SceneInput = z.input<typeof SceneSchema>;

export const SceneSummarySchema = z.strictObject({
  sceneId: identifier(),
  name: text(200),
  createdAt: nonNegativeInt(),
  duration: z.number(),
  fps: positiveInt(),
  width: positiveInt(),
  height: positiveInt(),
  runId: identifier().nullable(),
});
export type SceneSummary = z.output<typeof SceneSummarySchema>;

/** Number of frames of a scene: frame k shows scene time k / fps, k = 0 … frames − 1. */
export function sceneFrameCount(scene: Pick<Scene, 'duration' | 'fps'>): number {
  return Math.max(1, Math.round(scene.duration * scene.fps));
}

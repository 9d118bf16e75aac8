/**
 * Camera poses in orbit coordinates (azimuth, elevation in degrees, distance, target) and the
 * recorder's keyframe timeline. Pure: the same functions place the interactive camera, the PNG
 * export's camera and every recorded frame, so a scene's frame k depends only on k / fps.
 *
 * Interpolation between keyframes: angles and the target linearly, the distance geometrically
 * (equal zoom ratios per unit time read as uniform zoom), each segment reparametrized by its
 * easing (smoothstep-like cubics, C¹ at the ends).
 */
import type { CameraPose, Keyframe, Scene } from '../../../contract/scene';
import { HEIGHT } from '../panels/landscapeData';

export type { CameraPose, Keyframe };
export type Easing = Keyframe['easing'];

const RAD = Math.PI / 180;

/** The view the studio opens with (camera at (1.75, 1.55, 2.0) looking at (0, HEIGHT/3, 0)). */
export const DEFAULT_POSE: CameraPose = positionToPose([1.75, 1.55, 2.0], [0, HEIGHT / 3, 0]);


export function poseToPosition(pose: CameraPose): [number, number, number] {
  const az = pose.azimuth * RAD;
  const el = pose.elevation * RAD;
  const [tx, ty, tz] = pose.target;
  return [tx + pose.distance * Math.cos(el) * Math.sin(az), ty + pose.distance * Math.sin(el), tz + pose.distance * Math.cos(el) * Math.cos(az)];
}

export function positionToPose(position: readonly [number, number, number], target: readonly [number, number, number]): CameraPose {
  const dx = position[0] - target[0];
  const dy = position[1] - target[1];
  const dz = position[2] - target[2];
  const horizontal = Math.hypot(dx, dz);
  return {
    azimuth: Math.atan2(dx, dz) / RAD,
    elevation: Math.atan2(dy, horizontal) / RAD,
    distance: Math.hypot(horizontal, dy),
    target: [target[0], target[1], target[2]],
  };
}

export function ease(easing: Easing, w: number): number {
  const x = Math.min(1, Math.max(0, w));
  switch (easing) {
    case 'linear':
      return x;
    case 'ease-in':
      return x * x * x;
    case 'ease-out':
      return 1 - (1 - x) ** 3;
    case 'ease-in-out':
      return x * x * (3 - 2 * x);
  }
}

function lerp(a: number, b: number, w: number): number {
  return a + (b - a) * w;
}

export function lerpPose(a: CameraPose, b: CameraPose, w: number): CameraPose {
  return {
    azimuth: lerp(a.azimuth, b.azimuth, w),
    elevation: lerp(a.elevation, b.elevation, w),
    distance: a.distance * (b.distance / a.distance) ** w,
    target: [lerp(a.target[0], b.target[0], w), lerp(a.target[1], b.target[1], w), lerp(a.target[2], b.target[2], w)],
  };
}

/** The camera at scene time t: holds the first pose before the first keyframe and the last after the last. */
export function poseAt(keyframes: readonly Keyframe[], t: number): CameraPose {
  if (keyframes.length === 0) return DEFAULT_POSE;
  if (t <= keyframes[0].time) return keyframes[0].pose;
  for (let k = 0; k + 1 < keyframes.length; k++) {
    const a = keyframes[k];
    const b = keyframes[k + 1];
    if (t < b.time) return b.time > a.time ? lerpPose(a.pose, b.pose, ease(a.easing, (t - a.time) / (b.time - a.time))) : b.pose;
  }
  return keyframes[keyframes.length - 1].pose;
}

/** Scene time of frame k. */
export function frameTime(k: number, fps: number): number {
  return k / fps;
}

/**
 * Trajectory snapshot shown at scene time t: `from` at t = 0 to `to` at the last frame, linear in
 * snapshots, clamped to the trajectory's T snapshots; null without a replay or a trajectory.
 */
export function replayIndexAt(scene: Pick<Scene, 'replay' | 'duration' | 'fps'>, t: number, T: number): number | null {
  if (!scene.replay || T === 0) return null;
  const frames = Math.max(1, Math.round(scene.duration * scene.fps));
  const last = (frames - 1) / scene.fps;
  const w = last > 0 ? Math.min(1, Math.max(0, t / last)) : 1;
  const index = Math.round(scene.replay.from + (scene.replay.to - scene.replay.from) * w);
  return Math.min(T - 1, Math.max(0, index));
}

/** Keyframes of one full orbit from `pose` over `duration` seconds (three segments, so the turn is unambiguous). */
export function orbitKeyframes(pose: CameraPose, duration: number, degrees = 360): Keyframe[] {
  return [0, 1, 2, 3].map((k) => ({
    time: (duration * k) / 3,
    pose: { ...pose, azimuth: pose.azimuth + (degrees * k) / 3 },
    easing: 'linear' as const,
  }));
}

/** Keyframes sorted by time (stable), for the editor's add / reorder. */
export function sortKeyframes(keyframes: readonly Keyframe[]): Keyframe[] {
  return keyframes.map((k, i) => ({ k, i })).sort((a, b) => a.k.time - b.k.time || a.i - b.i).map((e) => e.k);
}

/** Keyboard steps: degrees of orbit / tilt, zoom factor. */
const ORBIT_STEP = 10;
const TILT_STEP = 5;
const ZOOM_STEP = 1.15;

/** The view's keyboard: ← → orbit, ↑ ↓ tilt, + − zoom, 0 / Home reset; null for other keys. */
export function keyToPose(key: string, pose: CameraPose): CameraPose | null {
  switch (key) {
    case 'ArrowLeft':
      return { ...pose, azimuth: pose.azimuth - ORBIT_STEP };
    case 'ArrowRight':
      return { ...pose, azimuth: pose.azimuth + ORBIT_STEP };
    case 'ArrowUp':
      return { ...pose, elevation: Math.min(85, pose.elevation + TILT_STEP) };
    case 'ArrowDown':
      return { ...pose, elevation: Math.max(-30, pose.elevation - TILT_STEP) };
    case '+':
    case '=':
      return { ...pose, distance: Math.max(0.5, pose.distance / ZOOM_STEP) };
    case '-':
    case '_':
      return { ...pose, distance: Math.min(12, pose.distance * ZOOM_STEP) };
    case '0':
    case 'Home':
      return DEFAULT_POSE;
    default:
      return null;
  }
}

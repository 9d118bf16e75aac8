/** Camera poses and the recorder's timeline: closed forms, keyframe endpoints, easing, replay mapping. */
import { describe, expect, it } from 'vitest';
import type { Keyframe } from '../../../contract/scene';
import {
  DEFAULT_POSE,
  ease,
  frameTime,
  keyToPose,
  orbitKeyframes,
  poseAt,
  poseToPosition,
  positionToPose,
  replayIndexAt,
  sortKeyframes,
} from '../../../renderer/src/landscape3d/cameraPose';

const pose = (azimuth: number, elevation: number, distance: number, target: [number, number, number] = [0, 0, 0]) => ({ azimuth, elevation, distance, target });

describe('camera poses', () => {
  it('places the camera by spherical coordinates about the target', () => {
    // azimuth 90°, elevation 0: on +x at the distance; elevation 90° would be straight above.
    const [x, y, z] = poseToPosition(pose(90, 0, 2, [1, 0.5, -1]));
    expect(x).toBeCloseTo(3, 12);
    expect(y).toBeCloseTo(0.5, 12);
    expect(z).toBeCloseTo(-1, 12);
    const [, y2, z2] = poseToPosition(pose(0, 30, 2));
    expect(y2).toBeCloseTo(1, 12); // 2 sin 30°
    expect(z2).toBeCloseTo(Math.sqrt(3), 12); // 2 cos 30°
  });

  it('round-trips position → pose → position', () => {
    const p = positionToPose([0.3, -0.4, 1.7], [0.1, 0.2, -0.1]);
    const back = poseToPosition(p);
    expect(back[0]).toBeCloseTo(0.3, 12);
    expect(back[1]).toBeCloseTo(-0.4, 12);
    expect(back[2]).toBeCloseTo(1.7, 12);
  });

  it('opens where the studio always opened (camera (1.75, 1.55, 2.0))', () => {
    const [x, y, z] = poseToPosition(DEFAULT_POSE);
    expect([x, y, z].map((v) => Number(v.toFixed(9)))).toEqual([1.75, 1.55, 2]);
    expect(Number.isFinite(DEFAULT_POSE.azimuth)).toBe(true);
  });

  it('maps the keyboard to orbit, tilt, zoom and reset', () => {
    const p = pose(10, 20, 3);
    expect(keyToPose('ArrowRight', p)?.azimuth).toBe(20);
    expect(keyToPose('ArrowLeft', p)?.azimuth).toBe(0);
    expect(keyToPose('ArrowUp', p)?.elevation).toBe(25);
    expect(keyToPose('+', p)!.distance).toBeLessThan(3);
    expect(keyToPose('-', p)!.distance).toBeGreaterThan(3);
    expect(keyToPose('0', p)).toEqual(DEFAULT_POSE);
    expect(keyToPose('x', p)).toBeNull();
  });
});

describe('keyframe timeline', () => {
  const keys: Keyframe[] = [
    { time: 0, pose: pose(0, 10, 1), easing: 'ease-in-out' },
    { time: 2, pose: pose(90, 30, 4, [0, 1, 0]), easing: 'linear' },
    { time: 3, pose: pose(180, 30, 4), easing: 'linear' },
  ];

  it('passes through every keyframe and holds outside them', () => {
    expect(poseAt(keys, 0)).toEqual(keys[0].pose);
    expect(poseAt(keys, 2).azimuth).toBeCloseTo(90, 12);
    expect(poseAt(keys, 3)).toEqual(keys[2].pose);
    expect(poseAt(keys, -1)).toEqual(keys[0].pose);
    expect(poseAt(keys, 10)).toEqual(keys[2].pose);
  });

  it('eases in and out (smoothstep: half way at the middle, flat at the ends) and zooms geometrically', () => {
    const mid = poseAt(keys, 1);
    expect(mid.azimuth).toBeCloseTo(45, 12);
    expect(mid.distance).toBeCloseTo(2, 12); // √(1 · 4)
    expect(mid.target[1]).toBeCloseTo(0.5, 12);
    // Smoothstep 3w² − 2w³ at w = 0.1: 0.028.
    expect(poseAt(keys, 0.2).azimuth).toBeCloseTo(90 * 0.028, 10);
    expect(poseAt(keys, 2.5).azimuth).toBeCloseTo(135, 12); // linear segment
  });

  it('easing curves start at 0, end at 1 and increase', () => {
    for (const e of ['linear', 'ease-in', 'ease-out', 'ease-in-out'] as const) {
      expect(ease(e, 0)).toBe(0);
      expect(ease(e, 1)).toBe(1);
      let last = -1;
      for (let w = 0; w <= 1; w += 0.05) {
        expect(ease(e, w)).toBeGreaterThanOrEqual(last);
        last = ease(e, w);
      }
    }
    expect(ease('ease-in', 0.5)).toBeCloseTo(0.125, 12);
    expect(ease('ease-out', 0.5)).toBeCloseTo(0.875, 12);
  });

  it('an orbit turns a full circle over the duration', () => {
    const orbit = orbitKeyframes(pose(30, 20, 3), 6);
    expect(orbit.map((k) => k.time)).toEqual([0, 2, 4, 6]);
    expect(poseAt(orbit, 6).azimuth).toBeCloseTo(390, 12);
    expect(poseAt(orbit, 3).azimuth).toBeCloseTo(210, 12);
  });

  it('sorts keyframes by time, stably', () => {
    const a = { time: 1, pose: pose(1, 0, 1), easing: 'linear' as const };
    const b = { time: 0, pose: pose(2, 0, 1), easing: 'linear' as const };
    const c = { time: 1, pose: pose(3, 0, 1), easing: 'linear' as const };
    expect(sortKeyframes([a, b, c])).toEqual([b, a, c]);
  });

  it('frame k shows scene time k / fps; the replay runs from `from` on frame 0 to `to` on the last frame', () => {
    expect(frameTime(45, 30)).toBe(1.5);
    const scene = { replay: { from: 5, to: 64 }, duration: 2, fps: 30 };
    expect(replayIndexAt(scene, frameTime(0, 30), 100)).toBe(5);
    expect(replayIndexAt(scene, frameTime(59, 30), 100)).toBe(64);
    expect(replayIndexAt(scene, frameTime(30, 30), 100)).toBe(Math.round(5 + (59 * 30) / 59));
    // Clamped to the trajectory; none without a replay.
    expect(replayIndexAt(scene, frameTime(59, 30), 20)).toBe(19);
    expect(replayIndexAt({ ...scene, replay: null }, 1, 100)).toBeNull();
  });
});

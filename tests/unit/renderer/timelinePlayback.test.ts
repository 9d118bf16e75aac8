/**
 * Regression: ▶ Play blanked the studio. requestAnimationFrame's first timestamp is the frame's
 * start time, which can be earlier than the performance.now() read when playback began, so the
 * first dt was negative, `advance` stepped to index −1 and `timeLabel` read `times[-1].toPrecision`.
 */
import { describe, expect, it } from 'vitest';
import { advance, clampIndex, timeLabel } from '../../../renderer/src/panels/timelineData';

describe('time slider playback', () => {
  it('a negative first frame step does not move the index below 0', () => {
    const s = advance({ index: 0, playing: true, carry: 0 }, 5, -0.004, 12);
    expect(s.index).toBe(0);
    expect(s.playing).toBe(true);
    expect(s.carry).toBeGreaterThanOrEqual(0);
  });

  it('plays a frame sequence from the first snapshot to the last, every label readable', () => {
    const times = [-0, 0.5, 1, 2, 4, 8, 16];
    // Frame timestamps as Chromium delivers them: the first is 3 ms before the start read.
    const start = 1000;
    const frames = [997, 1013, 1030, 1046, 1300, 1301, 1700, 2600, 2616];
    let s = { index: 0, playing: true, carry: 0 };
    let last = start;
    const seen: number[] = [];
    for (const now of frames) {
      s = advance(s, times.length, (now - last) / 1000, 12);
      last = now;
      expect(s.index).toBeGreaterThanOrEqual(0);
      expect(s.index).toBeLessThan(times.length);
      expect(timeLabel(times, s.index)).toMatch(/^t = \S+ \(snapshot \d+ of 7\)$/);
      seen.push(s.index);
      if (!s.playing) break;
    }
    expect(seen[0]).toBe(0);
    expect(seen.at(-1)).toBe(times.length - 1);
    expect(s.playing).toBe(false);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });

  it('never throws for an out-of-range or non-finite index', () => {
    const times = [0, 1e-3, 2.5, 3e5];
    expect(timeLabel(times, -1)).toBe('t = 0 (snapshot 1 of 4)');
    expect(timeLabel(times, 99)).toBe('t = 3.00e+5 (snapshot 4 of 4)');
    expect(timeLabel(times, Number.NaN)).toBe('t = 0 (snapshot 1 of 4)');
    expect(timeLabel([0, Number.NaN], 1)).toBe('t = ? (snapshot 2 of 2)');
    expect(clampIndex(-3, 4)).toBe(0);
    expect(clampIndex(7, 4)).toBe(3);
    expect(clampIndex(2, 0)).toBe(0);
  });
});

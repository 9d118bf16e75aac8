/**
 * Pure data for the time slider that scrubs every panel: the slider runs over the primary run's
 * trajectory snapshots; other runs show their last snapshot at or before the same time.
 */

/** Index of the last time ≤ t in ascending `times` (0 when t precedes them all). */
export function snapshotIndexAt(times: readonly number[], t: number): number {
  if (times.length === 0) return 0;
  let lo = 0;
  let hi = times.length - 1;
  if (t < times[0]) return 0;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (times[mid] <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export interface PlayState {
  readonly index: number;
  readonly playing: boolean;
}

/**
 * One animation step: advance by `stepsPerSecond · dt` snapshots (fractional progress kept in
 * `carry`), stopping at the last one.
 */
export function advance(
  state: PlayState & { carry: number },
  count: number,
  dtSeconds: number,
  stepsPerSecond: number,
): PlayState & { carry: number } {
  if (!state.playing || count === 0) return state;
  // requestAnimationFrame's first timestamp is the frame's start, which can precede the
  // performance.now() read when playback began: a negative dt must not step backwards (it drove
  // the index to −1 and `times[-1]` crashed the time label).
  const dt = Number.isFinite(dtSeconds) && dtSeconds > 0 ? dtSeconds : 0;
  const progress = Math.max(0, state.carry) + dt * stepsPerSecond;
  const whole = Math.floor(progress);
  const index = clampIndex(state.index + whole, count);
  return { index, playing: index < count - 1, carry: index < count - 1 ? progress - whole : 0 };
}

/** `index` clamped into [0, count − 1] (0 for an empty list or a non-finite index). */
export function clampIndex(index: number, count: number): number {
  if (count <= 0 || !Number.isFinite(index)) return 0;
  return Math.min(count - 1, Math.max(0, Math.floor(index)));
}

/** "t = 1.2e3 (step 40 of 120)" style readout. */
export function timeLabel(times: readonly number[], index: number): string {
  if (times.length === 0) return 'no trajectory';
  const i = clampIndex(index, times.length);
  const t = times[i];
  if (!Number.isFinite(t)) return `t = ? (snapshot ${i + 1} of ${times.length})`;
  const shown = t === 0 ? '0' : Math.abs(t) >= 1e4 || Math.abs(t) < 1e-2 ? t.toExponential(2) : Number(t.toPrecision(4)).toString();
  return `t = ${shown} (snapshot ${i + 1} of ${times.length})`;
}

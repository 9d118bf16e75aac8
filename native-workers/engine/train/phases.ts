/**
 * Which trainer phase produced which part of a run's loss curve. chainResults joins phases by
 * dropping each later phase's first curve point (it repeats the previous phase's last one), so
 * phase k covers the joined curve's indices [fromIndex, toIndex], consecutive segments sharing
 * their junction point. Lets a plot show e.g. that the polish, not the flow, left a saddle.
 */
import type { StopReason, TrainResult } from './types';

export interface PhaseSegment {
  /** The phase's method, e.g. 'flow/rosenbrock', 'polish/trust-region', 'minimize'. */
  readonly name: string;
  /** First and last index into the run's dense loss curve (trajectory.curve), inclusive. */
  readonly fromIndex: number;
  readonly toIndex: number;
  readonly stopReason: StopReason;
  readonly steps: number;
}

export function phaseSegments(phases: readonly TrainResult[]): PhaseSegment[] {
  const out: PhaseSegment[] = [];
  let from = 0;
  for (const p of phases) {
    const points = p.trajectory.curve.times.length;
    const to = from + Math.max(points - 1, 0);
    out.push({ name: p.method, fromIndex: from, toIndex: to, stopReason: p.stoppedBy, steps: p.steps });
    from = to;
  }
  return out;
}

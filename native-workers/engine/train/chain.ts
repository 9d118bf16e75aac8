/** Joins consecutive phases of one run (e.g. flow then polish) into a single TrainResult. */
import type { TrainResult, Trajectory } from './types';

export function chainResults(method: string, first: TrainResult, second: TrainResult): TrainResult {
  const better = second.loss <= first.loss ? second : first;
  return {
    method,
    theta: better.theta,
    loss: better.loss,
    gradNorm: better.gradNorm,
    finalTheta: second.finalTheta,
    steps: first.steps + second.steps,
    time: first.time + second.time,
    stoppedBy: second.stoppedBy,
    trajectory: joinTrajectories(first.trajectory, second.trajectory, first.time),
    evaluations: second.evaluations,
    notes: [...first.notes, ...second.notes.map((n) => `${second.method}: ${n}`)],
  };
}

/**
 * The second phase continues on the first one's time axis: iteration phases after an ODE phase
 * are placed one time unit per step after its end, so the curve stays monotone.
 */
function joinTrajectories(a: Trajectory, b: Trajectory, offset: number): Trajectory {
  const shift = (t: number): number => offset + t;
  return {
    timeUnit: a.timeUnit,
    times: [...a.times, ...b.times.slice(1).map(shift)],
    losses: [...a.losses, ...b.losses.slice(1)],
    thetas: [...a.thetas, ...b.thetas.slice(1)],
    curve: {
      times: [...a.curve.times, ...b.curve.times.slice(1).map(shift)],
      losses: [...a.curve.losses, ...b.curve.losses.slice(1)],
    },
  };
}

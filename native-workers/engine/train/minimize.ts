/**
 * Fast minimizer for when the path does not matter: L-BFGS until the gradient is small or it
 * stalls, then trust-region Newton with the exact Hessian (polish) for quadratic convergence.
 */
import { chainResults } from './chain';
import { lbfgs, type LbfgsOptions } from './lbfgs';
import { polish } from './polish';
import type { CountingObjective } from './objective';
import { TrainError, type TrainResult } from './types';

export interface MinimizeOptions extends LbfgsOptions {
  /** Hand over from L-BFGS to Newton when ‖∇L‖ falls below this. Default 1e-3. */
  readonly switchGradNorm?: number;
  /** L-BFGS iterations before handing over regardless. Default 2000. */
  readonly lbfgsSteps?: number;
  /** Newton (polish) iterations. Default 200. */
  readonly newtonSteps?: number;
}

/**
 * `maxSteps`, when given, is the budget of the whole run (both phases together): L-BFGS gets at most
 * min(lbfgsSteps, maxSteps), Newton the rest. (It used to be overwritten by the phase defaults, so
 * every Max steps setting ran the same ~350 steps.)
 */
export function minimize(objective: CountingObjective, theta0: Float64Array, options: MinimizeOptions = {}): TrainResult {
  const { switchGradNorm = 1e-3, lbfgsSteps = 2000, newtonSteps = 200, maxSteps, ...rest } = options;
  if (maxSteps !== undefined && !(Number.isInteger(maxSteps) && maxSteps >= 1))
    throw new TrainError(`max steps must be a whole number ≥ 1, got ${maxSteps}`);
  const first = lbfgs(objective, theta0, {
    ...rest,
    gradFloor: Math.max(switchGradNorm, rest.gradFloor ?? 0),
    maxSteps: maxSteps === undefined ? lbfgsSteps : Math.min(lbfgsSteps, maxSteps),
    patience: rest.patience ?? 100,
  });
  if (first.stoppedBy === 'loss-target' || first.stoppedBy === 'stopped' || first.stoppedBy === 'non-finite') return { ...first, method: 'minimize' };
  const left = maxSteps === undefined ? newtonSteps : maxSteps - first.steps;
  if (left <= 0) return { ...first, method: 'minimize', stoppedBy: 'max-steps' };
  const second = polish(objective, first.theta, { ...rest, maxSteps: left, initialRadius: 1 });
  return chainResults('minimize', first, second);
}

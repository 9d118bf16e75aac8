/**
 * Fast minimizer for when the path does not matter: L-BFGS until the gradient is small or it
 * stalls, then trust-region Newton with the exact Hessian (polish) for quadratic convergence.
 */
import { chainResults } from './chain';
import { lbfgs, type LbfgsOptions } from './lbfgs';
import { polish } from './polish';
import type { CountingObjective } from './objective';
import type { TrainResult } from './types';

export interface MinimizeOptions extends LbfgsOptions {
  /** Hand over from L-BFGS to Newton when ‖∇L‖ falls below this. Default 1e-3. */
  readonly switchGradNorm?: number;
  /** L-BFGS iterations before handing over regardless. Default 2000. */
  readonly lbfgsSteps?: number;
  /** Newton (polish) iterations. Default 200. */
  readonly newtonSteps?: number;
}

export function minimize(objective: CountingObjective, theta0: Float64Array, options: MinimizeOptions = {}): TrainResult {
  const { switchGradNorm = 1e-3, lbfgsSteps = 2000, newtonSteps = 200, ...rest } = options;
  const first = lbfgs(objective, theta0, { ...rest, gradFloor: Math.max(switchGradNorm, rest.gradFloor ?? 0), maxSteps: lbfgsSteps, patience: rest.patience ?? 100 });
  if (first.stoppedBy === 'loss-target' || first.stoppedBy === 'stopped' || first.stoppedBy === 'non-finite') return { ...first, method: 'minimize' };
  const second = polish(objective, first.theta, { ...rest, maxSteps: newtonSteps, initialRadius: 1 });
  return chainResults('minimize', first, second);
}

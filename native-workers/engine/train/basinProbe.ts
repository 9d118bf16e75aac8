/**
 * Early switch from gradient flow to the Newton polish (issue 12, "Speed and scale"). A ReLU flow
 * that has found its minimum often crawls on for thousands of steps — sliding along a kink,
 * chattering across one, or converging linearly — before the stall test (relative decrease
 * < 1e-10 between checkpoints) or the step budget ends it, and then the polish finishes in a few
 * dozen Newton steps anyway. So when the flow is slow (its best loss fell by less than
 * PROBE_SLOW, relative, over the last window of steps), trainNetwork tries the polish from the
 * current point and ends the flow only when that polish
 * - does not raise the loss,
 * - stays near the flow's point (‖Δθ‖ ≤ PROBE_RADIUS·max(1, ‖θ‖): a saddle the polish leaves
 *   along negative curvature, or a far-away basin, is not where the flow was going), and
 * - ends at a certified minimum: loss below the target, or analyzePoint's `local-min` /
 *   `kink-min` (the same certificate the run would get at the end), with the flow's loss
 *   already within PROBE_GAP (relative) of the minimum's — a minimum further down is one the
 *   polish jumped to, not one the flow is about to settle in (seen: the flow passing a smooth
 *   local minimum 0.3 % below it on its way to a lower kink minimum) — and a robust certificate
 *   (`robustCertificate` below: where it is fragile, the long flow's end point at the same loss was seen
 *   certified `flat`, `not-critical` or the other minimum class instead).
 * Otherwise the flow continues untouched from where it was and the next probe waits twice as long
 * (at most log₂(budget / PROBE_FIRST) failed probes per flow).
 */
import { analyzePoint } from '../analysis/analyze';
import type { Classification, PointAnalysis } from '../analysis/types';
import { SUCCESS_LOSS } from '../core/success';
import type { Architecture, Dataset } from '../core/types';
import type { KinkConstraint } from './kinks';
import { norm } from './monitor';
import type { CountingObjective } from './objective';
import { polish, type PolishOptions } from './polish';
import type { TrainResult } from './types';

/** Steps before the first probe, and between slowness checks. */
export const PROBE_FIRST = 250;
/** Slow: the best loss fell by less than this fraction over the last window. */
export const PROBE_SLOW = 1e-3;
/** The polished point must lie within this distance (relative to max(1, ‖θ‖)) of the flow's point. */
export const PROBE_RADIUS = 0.25;
/** A non-global minimum must lie at most this far (relative) below the flow's loss. */
export const PROBE_GAP = 1e-3;
/** A minimum's lowest non-zero (reduced) eigenvalue must exceed the flat threshold this many times. */
export const PROBE_MARGIN = 1e2;
/** A kink minimum's Clarke multipliers must lie in [PROBE_MU_MARGIN, 1 − PROBE_MU_MARGIN]. */
export const PROBE_MU_MARGIN = 1e-3;
/** End points the flow may stop at early: the certificates of a minimum. */
export const PROBE_CERTIFIED: readonly Classification[] = ['global-min', 'local-min', 'kink-min'];

/** The flow's side: tries a finish from θ (with the kinks it slides on) that must not end above `loss` (the flow's best); true = done, stop the flow. */
export type FlowProbe = (theta: Float64Array, activeKinks: readonly KinkConstraint[], loss: number) => boolean;

/** When the flow should call its probe: every window of steps in which it was slow, windows doubling after each failed probe. */
export class ProbeSchedule {
  private nextStep: number;
  private wait: number;
  private windowLoss = Infinity;
  probes = 0;

  constructor(first = PROBE_FIRST) {
    this.nextStep = first;
    this.wait = first;
  }

  /** After an accepted step: is a probe due? */
  due(step: number, bestLoss: number): boolean {
    if (step < this.nextStep) return false;
    const slow = this.windowLoss - bestLoss < PROBE_SLOW * this.windowLoss;
    this.windowLoss = bestLoss;
    this.nextStep = step + this.wait;
    if (slow) this.probes++;
    return slow;
  }

  /** The probe did not end the flow: wait twice as long before the next one. */
  failed(step: number): void {
    this.wait *= 2;
    this.nextStep = step + this.wait;
  }
}

/**
 * A certificate the long flow's own end point would share: no dead, linear or duplicate units
 * (their extra zero modes make the end point's class depend on where exactly it stops), the lowest
 * eigenvalue beyond the zero modes (reduced Hessian at kinks) PROBE_MARGIN times above the flat
 * threshold, and at kinks every Clarke multiplier at least PROBE_MU_MARGIN inside [0, 1] (one at
 * the boundary is a kink the flow may still leave).
 */
export function robustCertificate(a: PointAnalysis): boolean {
  if (a.deadUnits.length + a.linearUnits.length + a.duplicateUnits.length > 0) return false;
  if (!(a.eigenvalues[a.flatCount] > PROBE_MARGIN * a.zeroThreshold)) return false;
  if (a.classification === 'kink-min') {
    if (!a.clarke) return false;
    for (const mu of a.clarke.multipliers) if (!(mu >= PROBE_MU_MARGIN && mu <= 1 - PROBE_MU_MARGIN)) return false;
  }
  return true;
}

export interface BasinProbe {
  readonly probe: FlowProbe;
  /** The accepted probe's polish (the run's polish phase), or null. */
  take(): (TrainResult & { readonly classification: Classification }) | null;
}

export function createBasinProbe(
  objective: CountingObjective,
  architecture: Architecture,
  data: Dataset,
  polishOptions: PolishOptions,
): BasinProbe {
  const lossTarget = polishOptions.lossTarget ?? SUCCESS_LOSS;
  let accepted: (TrainResult & { readonly classification: Classification }) | null = null;
  const probe: FlowProbe = (theta, activeKinks, loss) => {
    const p = polish(objective, theta, { ...polishOptions, activeKinks });
    if (p.stoppedBy === 'stopped' || !(p.loss <= loss)) return false;
    let d = 0;
    for (let i = 0; i < theta.length; i++) d += (p.theta[i] - theta[i]) ** 2;
    if (Math.sqrt(d) > PROBE_RADIUS * Math.max(1, norm(theta))) return false;
    let classification: Classification = 'global-min';
    if (!(p.loss < lossTarget)) {
      if (loss - p.loss > PROBE_GAP * p.loss) return false;
      const a = analyzePoint({ architecture, theta: p.theta }, data, { lossTarget });
      classification = a.classification;
      if (!robustCertificate(a)) return false;
    }
    if (!PROBE_CERTIFIED.includes(classification)) return false;
    accepted = { ...p, classification };
    return true;
  };
  return {
    probe,
    take() {
      const a = accepted;
      accepted = null;
      return a;
    },
  };
}

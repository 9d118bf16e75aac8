/**
 * One adaptive step attempt of the gradient flow with the chosen integrator, and what the
 * implicit ones need: the Jacobian M = S·H (exact Hessian, projected onto the active kink
 * manifold) and λmax(M) for the explicit stability step hₑ = 0.2/λmax.
 * Error norm: RMS of errᵢ/(absTol + relTol·max(|yᵢ|, |yNewᵢ|)), as in MLPGradientFlow.
 */
import { DormandPrince } from './dopri5';
import type { KinkManifold } from './kinks';
import type { CountingObjective } from './objective';
import { Rodas4, type FlowField } from './rodas4';
import { Rosenbrock23 } from './ros23';
import type { FlowState } from './flowState';

export type FlowSolver = 'rosenbrock' | 'rosenbrock23' | 'dopri5';

export interface StepperTolerances {
  readonly relTol: number;
  readonly absTol: number;
  /** Keep λmax(M) current at each Jacobian refresh (needed by the ReLU kink fallback). */
  readonly trackLambdaMax: boolean;
}

export class FlowStepper {
  readonly implicit: boolean;
  /** Order q of the error estimate's leading term; the controller's exponent is 1/(q+1) ≈ 1/order. */
  readonly order: number;
  /** Scaled error of the last attempt (∞ when the step failed) and L(yNew) (NaN when not evaluated). */
  error = Infinity;
  lossNew = NaN;
  /** λmax(M) with a 10 % margin, from the last Jacobian refresh. */
  lambdaMax = NaN;
  /** Accepted steps since M was computed (∞: stale). */
  jacobianAge = Infinity;
  private readonly rodas: Rodas4 | null;
  private readonly ros23: Rosenbrock23 | null;
  private readonly dopri: DormandPrince | null;
  private readonly M: Float64Array;
  private readonly power: Float64Array;

  constructor(
    readonly solver: FlowSolver,
    private readonly objective: CountingObjective,
    private readonly state: FlowState,
    private readonly manifold: KinkManifold | null,
    private readonly tolerances: StepperTolerances,
  ) {
    const n = state.dimension;
    this.implicit = solver !== 'dopri5';
    this.order = solver === 'rosenbrock' ? 4 : solver === 'rosenbrock23' ? 3 : 5;
    this.rodas = solver === 'rosenbrock' ? new Rodas4(n) : null;
    this.ros23 = solver === 'rosenbrock23' ? new Rosenbrock23(n) : null;
    this.dopri = solver === 'dopri5' ? new DormandPrince(n) : null;
    this.M = new Float64Array(this.implicit ? n * n : 0);
    this.power = new Float64Array(n).fill(1 / Math.sqrt(n));
  }

  /** Rosenbrock23 is run as a W-method: a failed step may be due to a stale Jacobian. */
  get reusesJacobian(): boolean {
    return this.ros23 !== null;
  }

  invalidateJacobian(): void {
    this.jacobianAge = Infinity;
  }

  /** M = S·H(y) at the accepted point, λmax(M) (before projection), then the projection on the active kinks. */
  refreshJacobian(): void {
    const { y, scale } = this.state;
    const n = this.state.dimension;
    const M = this.M;
    const H = this.objective.hessian(y);
    for (let i = 0; i < n; i++) {
      const sc = scale ? scale[i] : 1;
      for (let j = 0; j < n; j++) M[i * n + j] = sc * H[i * n + j];
    }
    if (this.tolerances.trackLambdaMax) this.lambdaMax = largestEigenvalue(M, n, this.power);
    if (this.manifold && this.manifold.size > 0) this.manifold.projectMatrix(M);
    this.jacobianAge = 0;
  }

  /** Attempts a step of size h from the accepted point into (yNew, fNew); sets `error` and `lossNew`. */
  attempt(field: FlowField, h: number): void {
    const { y, f, yNew, fNew, err } = this.state;
    let e: number;
    let lossNew = NaN;
    if (this.rodas) {
      if (!this.rodas.factor(this.M, h) || !this.rodas.step(field, y, f, h, yNew, err)) e = Infinity;
      else e = this.errorNorm(y, yNew, err);
      if (e <= 1) lossNew = field(yNew, fNew);
    } else if (this.ros23) {
      lossNew = this.ros23.factor(this.M, h) ? this.ros23.step(field, y, f, h, yNew, fNew, err) : NaN;
      e = Number.isFinite(lossNew) ? this.errorNorm(y, yNew, err) : Infinity;
    } else {
      lossNew = this.dopri!.step(field, y, f, h, yNew, err, fNew);
      e = Number.isFinite(lossNew) ? this.errorNorm(y, yNew, err) : Infinity;
    }
    this.error = e;
    this.lossNew = lossNew;
  }

  /** The standard controller's step-size factor for scaled error e, capped at `grow`. */
  factor(e: number, grow: number): number {
    return Math.min(grow, Math.max(0.2, 0.9 * Math.pow(Math.max(e, 1e-10), -1 / this.order)));
  }

  /** Shrink factor after a rejected attempt (0.25 when the attempt failed outright). */
  rejectFactor(e: number): number {
    return Number.isFinite(e) ? Math.max(0.2, 0.9 * Math.pow(e, -1 / this.order)) : 0.25;
  }

  private errorNorm(y: Float64Array, yNew: Float64Array, err: Float64Array): number {
    const { relTol, absTol } = this.tolerances;
    const n = y.length;
    let s = 0;
    for (let i = 0; i < n; i++) {
      const sc = absTol + relTol * Math.max(Math.abs(y[i]), Math.abs(yNew[i]));
      const e = err[i] / sc;
      s += e * e;
    }
    return Math.sqrt(s / n);
  }
}

/** Hairer–Wanner's starting step heuristic: h with h·‖f‖ ≈ 1 % of the solution scale. */
export function initialStep(y: Float64Array, f: Float64Array, relTol: number, absTol: number): number {
  let d0 = 0;
  let d1 = 0;
  for (let i = 0; i < y.length; i++) {
    const sc = absTol + relTol * Math.abs(y[i]);
    d0 += (y[i] / sc) ** 2;
    d1 += (f[i] / sc) ** 2;
  }
  d0 = Math.sqrt(d0 / y.length);
  d1 = Math.sqrt(d1 / y.length);
  return d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : Math.min(0.01 * (d0 / d1), 1);
}

/** max|λ| of M = S·H (similar to S^½HS^½, so real) by warm-started power iteration; +10 % margin. */
function largestEigenvalue(H: Float64Array, n: number, v: Float64Array): number {
  const w = new Float64Array(n);
  let lambda = 0;
  for (let it = 0; it < 30; it++) {
    let norm = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += H[i * n + j] * v[j];
      w[i] = s;
      norm += w[i] * w[i];
    }
    norm = Math.sqrt(norm);
    if (norm === 0) return 1e-300;
    const prev = lambda;
    lambda = norm;
    for (let i = 0; i < n; i++) v[i] = w[i] / norm;
    if (it > 3 && Math.abs(lambda - prev) < 1e-3 * lambda) break;
  }
  return 1.1 * lambda;
}

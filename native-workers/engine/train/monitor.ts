/**
 * Stopping rules shared by every trainer: keeps the best point, checks the loss target,
 * gradient floor, patience, budgets, cancellation and divergence ("channels to infinity").
 */
import type { EvaluationCounts, ProgressInfo, StopReason, StoppingOptions, TrainControl, TrainResult } from './types';
import type { TrajectoryRecorder } from './trajectory';
import { SUCCESS_LOSS } from '../core/success';

export interface MonitorDefaults {
  readonly maxSteps: number;
  readonly maxTime: number;
  readonly patience: number;
}

export class RunMonitor {
  readonly lossTarget: number;
  readonly gradFloor: number;
  readonly patience: number;
  readonly maxSteps: number;
  readonly maxTime: number;
  readonly divergenceNorm: number;
  bestLoss = Infinity;
  readonly bestTheta: Float64Array;
  bestGradNorm = NaN;
  private sinceImprovement = 0;
  private readonly progressEvery: number;
  private windowNorm: number;
  private readonly initialNorm: number;
  private windowLoss = Infinity;

  constructor(
    theta0: Float64Array,
    options: StoppingOptions,
    defaults: MonitorDefaults,
    private readonly control: TrainControl,
    private readonly phase: string,
  ) {
    this.lossTarget = options.lossTarget ?? SUCCESS_LOSS;
    this.gradFloor = options.gradFloor ?? 0;
    this.patience = options.patience ?? defaults.patience;
    this.maxSteps = options.maxSteps ?? defaults.maxSteps;
    this.maxTime = options.maxTime ?? defaults.maxTime;
    this.divergenceNorm = options.divergenceNorm ?? 1e8;
    this.progressEvery = control.progressEvery ?? 50;
    this.bestTheta = Float64Array.from(theta0);
    this.windowNorm = Math.max(norm(theta0), 1);
    this.initialNorm = norm(theta0);
  }

  /**
   * Observe the state after `step` steps at `time`; returns why to stop, or null to go on.
   * Call with step 0 for the initial point.
   */
  observe(step: number, time: number, theta: Float64Array, loss: number, gradNorm: number): StopReason | null {
    if (!Number.isFinite(loss) || !Number.isFinite(gradNorm)) return 'non-finite';
    if (loss < this.bestLoss) {
      if (loss < this.bestLoss * (1 - 1e-12)) this.sinceImprovement = 0;
      else this.sinceImprovement++;
      this.bestLoss = loss;
      this.bestTheta.set(theta);
      this.bestGradNorm = gradNorm;
    } else this.sinceImprovement++;
    if (step > 0 && this.progressEvery > 0 && step % this.progressEvery === 0) this.report(step, time, loss, gradNorm);
    if (loss < this.lossTarget) return 'loss-target';
    if (gradNorm < this.gradFloor) return 'grad-floor';
    if (this.control.shouldStop?.()) return 'stopped';
    const thetaNorm = norm(theta);
    if (thetaNorm > this.divergenceNorm) return 'diverged';
    if (thetaNorm > 2 * this.windowNorm) {
      // ‖θ‖ doubled while the best loss fell by less than 10 %: a channel to infinity.
      const stalled = this.windowLoss - this.bestLoss < 0.1 * this.windowLoss;
      if (stalled && thetaNorm > Math.max(10, 4 * this.initialNorm)) return 'diverged';
      this.windowNorm = thetaNorm;
      this.windowLoss = this.bestLoss;
    }
    if (this.windowLoss === Infinity) this.windowLoss = this.bestLoss;
    if (this.sinceImprovement >= this.patience) return 'patience';
    if (step >= this.maxSteps) return 'max-steps';
    if (time >= this.maxTime) return 'max-time';
    return null;
  }

  report(step: number, time: number, loss: number, gradNorm: number): void {
    if (!this.control.onProgress) return;
    const fraction = Math.min(1, Math.max(step / this.maxSteps, Number.isFinite(this.maxTime) ? time / this.maxTime : 0));
    const info: ProgressInfo = { step, time, loss, bestLoss: this.bestLoss, gradNorm, phase: this.phase };
    this.control.onProgress(fraction, info);
  }

  /** Reports the last step and assembles the run's result around the best point seen. */
  finish(end: {
    method: string;
    finalTheta: Float64Array;
    step: number;
    time: number;
    loss: number;
    gradNorm: number;
    stoppedBy: StopReason;
    recorder: TrajectoryRecorder;
    counts: EvaluationCounts;
    notes: string[];
  }): TrainResult {
    this.report(end.step, end.time, end.loss, end.gradNorm);
    return {
      method: end.method,
      theta: Float64Array.from(this.bestTheta),
      loss: this.bestLoss,
      gradNorm: this.bestGradNorm,
      finalTheta: end.finalTheta,
      steps: end.step,
      time: end.time,
      stoppedBy: end.stoppedBy,
      trajectory: end.recorder.finish(end.finalTheta),
      evaluations: { ...end.counts },
      notes: end.notes,
    };
  }
}

export function norm(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

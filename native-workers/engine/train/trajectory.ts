/**
 * Bounded trajectory recording: θ snapshots on a log-spaced time grid (plus t = 0 and the end)
 * and a dense loss curve that halves its resolution whenever it would exceed its cap.
 */
import { pushAll } from '../core/hypot';
import type { Trajectory, TrajectoryOptions } from './types';

export class TrajectoryRecorder {
  private readonly times: number[] = [];
  private readonly losses: number[] = [];
  private readonly thetas: Float64Array[] = [];
  private readonly curveTimes: number[] = [];
  private readonly curveLosses: number[] = [];
  private readonly ratio: number;
  private readonly maxSnapshots: number;
  private readonly maxCurve: number;
  private nextTime: number;
  private stride = 1;
  private seen = 0;
  private lastTime = -Infinity;
  private lastLoss = NaN;
  private lastTheta: Float64Array | null = null;

  /** horizon: the largest time the run may reach (its budget), used to space the log grid. */
  constructor(
    private readonly timeUnit: 'ode' | 'step',
    horizon: number,
    options: TrajectoryOptions = {},
  ) {
    this.maxSnapshots = Math.max(2, options.snapshots ?? 120);
    this.maxCurve = Math.max(16, options.curvePoints ?? 4000);
    const first = options.firstTime ?? (timeUnit === 'ode' ? 1e-3 : 1);
    const end = Math.max(horizon, first * 10);
    this.nextTime = first;
    this.ratio = Math.pow(end / first, 1 / Math.max(1, this.maxSnapshots - 2));
  }

  /** Record the state after a step (or the initial state at time 0). θ is copied when kept. */
  record(time: number, loss: number, theta: Float64Array): void {
    if (this.times.length === 0 || time >= this.nextTime) {
      this.pushSnapshot(time, loss, theta);
      while (this.nextTime <= time) this.nextTime *= this.ratio;
      this.lastTheta = null;
    } else {
      this.lastTheta = theta;
    }
    this.lastTime = time;
    this.lastLoss = loss;
    if (this.seen % this.stride === 0) {
      this.curveTimes.push(time);
      this.curveLosses.push(loss);
      if (this.curveTimes.length > this.maxCurve) this.decimate();
    }
    this.seen++;
  }

  /** Close the recording: makes sure the last recorded state is present. */
  finish(finalTheta?: Float64Array): Trajectory {
    if (this.times.length > 0 && this.times[this.times.length - 1] < this.lastTime) {
      const theta = finalTheta ?? this.lastTheta;
      if (theta) {
        if (this.times.length >= this.maxSnapshots) this.dropOne();
        this.pushSnapshot(this.lastTime, this.lastLoss, theta);
      }
    }
    if (this.curveTimes.length > 0 && this.curveTimes[this.curveTimes.length - 1] < this.lastTime) {
      this.curveTimes.push(this.lastTime);
      this.curveLosses.push(this.lastLoss);
    }
    return {
      timeUnit: this.timeUnit,
      times: this.times,
      losses: this.losses,
      thetas: this.thetas,
      curve: { times: this.curveTimes, losses: this.curveLosses },
    };
  }

  private pushSnapshot(time: number, loss: number, theta: Float64Array): void {
    if (this.times.length >= this.maxSnapshots) this.dropOne();
    this.times.push(time);
    this.losses.push(loss);
    this.thetas.push(Float64Array.from(theta));
  }

  /** Keep the bound: drop the second-to-last snapshot (time 0 and the newest always stay). */
  private dropOne(): void {
    const i = Math.max(1, this.times.length - 2);
    this.times.splice(i, 1);
    this.losses.splice(i, 1);
    this.thetas.splice(i, 1);
  }

  private decimate(): void {
    const t: number[] = [];
    const l: number[] = [];
    for (let i = 0; i < this.curveTimes.length; i += 2) {
      t.push(this.curveTimes[i]);
      l.push(this.curveLosses[i]);
    }
    this.curveTimes.length = 0;
    this.curveLosses.length = 0;
    pushAll(this.curveTimes, t);
    pushAll(this.curveLosses, l);
    this.stride *= 2;
  }
}

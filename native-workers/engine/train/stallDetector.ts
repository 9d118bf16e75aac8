/**
 * Stall test of the gradient flow: at checkpoints taken every doubling of ODE time or every 1000
 * steps, the run has stalled when the best loss fell by less than `relDecrease` (relative) since
 * the previous checkpoint.
 */
export class StallDetector {
  private checkTime = 1;
  private checkStep = 0;
  private checkLoss = Infinity;

  constructor(private readonly relDecrease: number) {}

  /** After an accepted step; returns the note to record when the run stalled, else null. */
  check(time: number, step: number, bestLoss: number): string | null {
    if (!(time >= 2 * this.checkTime || step - this.checkStep >= 1000)) return null;
    const stalled = this.checkLoss - bestLoss < this.relDecrease * this.checkLoss;
    const note = stalled
      ? `stalled: best loss fell by less than ${this.relDecrease} (relative) between t=${this.checkTime.toExponential(3)} and t=${time.toExponential(3)}`
      : null;
    this.checkTime = Math.max(time, 1);
    this.checkStep = step;
    this.checkLoss = bestLoss;
    return note;
  }
}

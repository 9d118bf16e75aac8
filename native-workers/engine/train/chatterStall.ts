/**
 * Chatter stall (issue 12, the fig3c step-budget tail; opt-in, FlowOptions.chatterStall): a ReLU
 * flow that chatters across kinks it cannot slide on makes steps of a steady size h with a steady
 * field ‖f‖, yet its loss hardly moves — each step undoes most of the last. Along a true flow
 * (free or sliding: f = −ΠS∇L with Π the S-orthogonal projection) dL/dt = ∇L·f = −fᵀS⁻¹f, so over
 * a window of steps the loss must fall by the dissipation D = Σ hₖ fₖᵀS⁻¹fₖ (right-end rule). The
 * efficiency (best-loss fall)/D near 1 is a flow; far below 1 is chattering. Measured on fig3c
 * runs that end at the 30,000-step budget: efficiency 1e-3…3e-2 for thousands of steps at a
 * relative fall of 1e-6…1e-5 per 1,000 steps (docs/results/fig3c-noise-floor-2026-12-02.md).
 * Stop when `windows` consecutive windows of `window` steps are both inefficient and slow; the
 * polish (and trainNetwork's extra rounds for uncertified end points) takes it from there.
 */
export interface ChatterStallOptions {
  /** Accepted steps per window. Default 1000. */
  readonly window?: number;
  /** Inefficient: best-loss fall below this fraction of the dissipation. Default 0.01. */
  readonly efficiency?: number;
  /** Slow: best-loss fall below this fraction of the window's starting best loss. Default 1e-4. */
  readonly fall?: number;
  /** Consecutive inefficient, slow windows before the stop. Default 2. */
  readonly windows?: number;
}

export const CHATTER_STALL_DEFAULTS = { window: 1000, efficiency: 0.01, fall: 1e-4, windows: 2 } as const;

export class ChatterStall {
  private readonly window: number;
  private readonly efficiency: number;
  private readonly fall: number;
  private readonly windows: number;
  private startStep = 0;
  private startLoss = NaN;
  private dissipation = 0;
  private strikes = 0;

  constructor(options: ChatterStallOptions, private readonly scale: Float64Array | undefined) {
    this.window = options.window ?? CHATTER_STALL_DEFAULTS.window;
    this.efficiency = options.efficiency ?? CHATTER_STALL_DEFAULTS.efficiency;
    this.fall = options.fall ?? CHATTER_STALL_DEFAULTS.fall;
    this.windows = options.windows ?? CHATTER_STALL_DEFAULTS.windows;
  }

  /**
   * After an accepted step of length dt ending at field f (= −S∇L, projected when sliding) with
   * the run's best loss so far; returns the note to record when the flow chatters, else null.
   */
  check(step: number, dt: number, f: Float64Array, bestLoss: number): string | null {
    if (!Number.isFinite(this.startLoss)) {
      this.startLoss = bestLoss;
      this.startStep = step;
      return null;
    }
    let rate = 0; // fᵀS⁻¹f = −dL/dt
    for (let i = 0; i < f.length; i++) rate += (f[i] * f[i]) / (this.scale ? this.scale[i] : 1);
    this.dissipation += dt * rate;
    if (step - this.startStep < this.window) return null;
    const fell = this.startLoss - bestLoss;
    const efficiency = this.dissipation > 0 ? fell / this.dissipation : Infinity;
    const slow = fell < this.fall * this.startLoss && efficiency < this.efficiency;
    this.strikes = slow ? this.strikes + 1 : 0;
    const note = `chattering: ${this.strikes} window(s) of ${this.window} steps to step ${step}, best loss fell ${(fell / this.startLoss).toExponential(2)} (relative), ${efficiency.toExponential(2)} of the dissipation ∫‖f‖²dt`;
    this.startLoss = bestLoss;
    this.startStep = step;
    this.dissipation = 0;
    return this.strikes >= this.windows ? note : null;
  }
}

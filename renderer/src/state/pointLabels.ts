/**
 * One vocabulary for the split workflow's points, used by every panel:
 *   - neurons are numbered from 1 in the studio ("neuron 1" = the first hidden unit); the CLI's
 *     --neuron takes the same 1-based number (contract and engine count from 0 internally);
 *   - the exact split point: the parent's θ with one neuron split by γ (ε = 0), a critical point
 *     again when the parent was one (paper Thm 3.1);
 *   - the nudged start: the split point plus the nudge, where the split run's training begins.
 */
import type { SplitOrigin } from '../panels/splitProvenance';

/** 0-based index (contract, engine) → the number the studio and the CLI show. */
export function neuronNumber(index: number): number {
  return index + 1;
}

/**
 * The nudge, described the same way in the split form, the labels, the help and the CLI: the copy
 * keeps u + ε(1−γ)v, the new unit gets u − εγv (v a seeded random unit vector over incoming
 * weights and bias), so the copies end ε apart and the function changes only to second order.
 */
export function nudgeText(nudge: number): string {
  return nudge > 0 ? `nudge ε = ${nudge} (the two copies' incoming weights moved ε apart along a random unit direction)` : 'no nudge (ε = 0)';
}

export function splitPointLabel(o: Pick<SplitOrigin, 'neuron' | 'gamma' | 'parentRunId'>): string {
  return `the exact split point (neuron ${neuronNumber(o.neuron)} of ${o.parentRunId}, γ = ${o.gamma}, ε = 0)`;
}

export function nudgedStartLabel(o: Pick<SplitOrigin, 'neuron' | 'gamma' | 'parentRunId' | 'nudge'>): string {
  return `the nudged start (split point of neuron ${neuronNumber(o.neuron)}, γ = ${o.gamma}, ${nudgeText(o.nudge)})`;
}

/**
 * What the loss curves' t is. Gradient flow integrates dθ/dt = −∇L(θ): t is ODE time (not wall
 * clock, not steps); a polish or other iterative phase after it continues the axis at one unit per
 * step. Full-batch gd: steps × learning rate (its ODE-time equivalent); adam, minibatch gd and
 * minimize: iterations (engine/train/firstOrder.ts timeOf).
 */
export function timeAxisLabel(method: string | null | undefined): string {
  switch (method) {
    case 'flow':
      return 't (ODE time; polish: 1 per step)';
    case 'gd':
      return 't (steps × learning rate)';
    case 'adam':
      return 't (steps)';
    case 'minimize':
      return 't (iterations)';
    default:
      return 't';
  }
}

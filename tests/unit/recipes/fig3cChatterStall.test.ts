/**
 * The opt-in chatter stall (engine train/chatterStall.ts, TrainOptions.chatterStall; issue 12's
 * fig3c tail). Truths: along an exact gradient flow the loss falls by ∫‖f‖²dt (closed form on a
 * quadratic), so the efficiency test must never fire there; a field that flips sign every step at
 * constant loss is chattering and must fire after exactly `windows` windows; and on committed fig3c
 * seeds (docs/results/fig3c-scaling-500-2026-12-02, today's default solver) the stall either leaves
 * an efficient run bit for bit alone or ends a 30,000-step chattering run early at the same minimum.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fig3cRecipe } from '../../../main/recipes/fig3c';
import { trainTask } from '../../../native-workers/tasks/train';
import { ChatterStall, type TrainOptions } from '../../../native-workers/engine';

describe('ChatterStall', () => {
  it('never fires along the exact flow of a quadratic, L = ½λx², x(t) = x₀e^(−λt)', () => {
    const lambda = 0.7;
    const h = 0.01; // λh ≪ 1: the right-end dissipation sum is within 1 % of ∫‖f‖²dt
    const stall = new ChatterStall({ window: 100, windows: 1, fall: 1 }, undefined);
    const f = new Float64Array(1);
    for (let step = 0; step <= 2000; step++) {
      const x = Math.exp(-lambda * h * step);
      f[0] = -lambda * x;
      expect(stall.check(step, step === 0 ? 0 : h, f, 0.5 * lambda * x * x)).toBeNull();
    }
  });

  it('fires after exactly two windows of a field flipping sign at constant loss, not before', () => {
    const stall = new ChatterStall({ window: 1000 }, undefined);
    const f = new Float64Array([1e-5, -2e-5]);
    let fired = -1;
    for (let step = 1; step <= 5000 && fired < 0; step++) {
      f[0] = -f[0];
      f[1] = -f[1];
      // best loss falls 1e-9 relative per step: slow (1e-6 per window < 1e-4) and far below the dissipation
      if (stall.check(step, 4, f, 7.6e-5 * (1 - 1e-9 * step))) fired = step;
    }
    expect(fired).toBe(2001);
  });

  it('honours the time scale S in the dissipation fᵀS⁻¹f', () => {
    // f = −S∇L with S = 100 and ∇L = 1e-3: −dL/dt = fᵀS⁻¹f = 1e-4. A fall of 5e-6 per unit time is
    // efficiency 0.05 (no stall); read without S (‖f‖² = 1e-2) it would be 5e-4 and fire.
    const scale = new Float64Array([100]);
    const stall = new ChatterStall({ window: 10, windows: 1, fall: 1 }, scale);
    const f = new Float64Array([-0.1]);
    let loss = 1;
    for (let step = 0; step <= 100; step++) {
      if (step > 0) loss -= 5e-6;
      expect(stall.check(step, step === 0 ? 0 : 1, f, loss)).toBeNull();
    }
  });
});

interface CommittedRun {
  readonly seed: number;
  readonly loss: number;
  readonly steps: number;
  readonly classification: string;
}
const committed = (JSON.parse(readFileSync('docs/results/fig3c-scaling-500-2026-12-02/recipe.json', 'utf8')) as { runs: CommittedRun[] }).runs;
const context = { shouldStop: () => false, progress: () => {} } as unknown as Parameters<typeof trainTask>[1];

function runWithStall(width: number, seed: number) {
  const params = fig3cRecipe.resolve({ seeds: seed - width * 100_000 + 1, widths: String(width) });
  const payload = fig3cRecipe.plan(params).find((j) => j.planned.seed === seed)!.payload;
  const extra: Partial<TrainOptions> = { chatterStall: {} };
  return trainTask(payload, context, extra).result;
}

describe('chatter stall on committed fig3c seeds', () => {
  it('leaves a run that never chatters bit for bit as committed (400001: success after 2,281 steps)', () => {
    const ref = committed.find((r) => r.seed === 400001)!;
    const r = runWithStall(4, 400001);
    expect(r.finalLoss).toBe(ref.loss);
    expect(r.steps).toBe(ref.steps);
  });

  it('ends the chattering flow of 400051 early (30,127 steps committed) at the same local minimum', () => {
    const ref = committed.find((r) => r.seed === 400051)!;
    expect(ref.steps).toBeGreaterThan(30_000);
    const r = runWithStall(4, 400051);
    expect(r.stoppedBy).toMatch(/^flow\/rosenbrock23: patience/);
    expect(r.steps).toBeLessThan(10_000);
    expect(r.classification).toBe(ref.classification);
    expect(Math.abs(r.finalLoss - ref.loss)).toBeLessThan(1e-12 * ref.loss);
  });
});

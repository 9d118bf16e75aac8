/** Batch statistics: the Wilson interval against its closed form and known values, histograms, per-width rows, status text. */
import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../../contract/runs';
import { batchStatusText, classCounts, lossHistogram, perWidth, wilson } from '../../../renderer/src/state/batchStats';
import { syntheticRun } from '../helpers/service';

function run(id: string, width: number, loss: number, classification: RunSummary['result']['classification'], success: boolean): RunSummary {
  const base = syntheticRun(id, 'b', 0).summary;
  return { ...base, spec: { ...base.spec, width }, result: { ...base.result, finalLoss: loss, classification, success } };
}

describe('wilson', () => {
  it('matches the closed form solved as a quadratic in p: (p̂ − p)² = z² p(1 − p)/n', () => {
    for (const [k, n] of [[102, 200], [0, 10], [10, 10], [3, 7], [1, 1]] as const) {
      const { lo, hi } = wilson(k, n);
      const z = 1.959963984540054;
      const phat = k / n;
      // Both endpoints are roots of the quadratic (1 + z²/n)p² − (2p̂ + z²/n)p + p̂² = 0.
      for (const p of [lo, hi]) expect((1 + (z * z) / n) * p * p - (2 * phat + (z * z) / n) * p + phat * phat).toBeCloseTo(0, 12);
      expect(lo).toBeLessThanOrEqual(phat);
      expect(hi).toBeGreaterThanOrEqual(phat);
    }
  });

  it('gives the issue’s example: 102 of 200 → 51 %, 95 % CI 44–58 %, and [0, 0.3085] for 0 of 10', () => {
    const w = wilson(102, 200);
    expect(Math.round(100 * w.lo)).toBe(44);
    expect(Math.round(100 * w.hi)).toBe(58);
    const none = wilson(0, 10);
    expect(none.lo).toBe(0);
    // z²/(n + z²) for k = 0.
    expect(none.hi).toBeCloseTo(3.841458820694124 / 13.841458820694124, 12);
    expect(() => wilson(3, 2)).toThrow(/0 ≤ k ≤ n/);
  });
});

describe('batch summaries from runs', () => {
  const runs = [
    run('a', 3, 1e-29, 'global-min', true),
    run('b', 3, 1.7e-4, 'local-min', false),
    run('c', 4, 2e-4, 'local-min', false),
    run('d', 4, 0, 'global-min', true),
    run('e', 4, 3.2e-3, 'strict-saddle', false),
  ];

  it('counts classes, success first by count', () => {
    expect(classCounts(runs)).toEqual([
      { outcome: 'global-min', count: 2 },
      { outcome: 'local-min', count: 2 },
      { outcome: 'strict-saddle', count: 1 },
    ]);
  });

  it('bins log10 loss in whole decades, every run in exactly one bin, zero loss at the float64 floor', () => {
    const bins = lossHistogram(runs);
    expect(bins.flatMap((b) => b.runIds).sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(bins[0]!.lo).toBe(-300);
    expect(bins[0]!.runIds).toEqual(['d']);
    const of = (id: string) => bins.find((b) => b.runIds.includes(id))!;
    expect(of('a').lo).toBe(-29);
    expect(of('b').lo).toBe(-4);
    expect(of('c')).toBe(of('b'));
    expect(of('e').lo).toBe(-3);
  });

  it('tabulates per width with the Wilson interval of each width', () => {
    const rows = perWidth(runs);
    expect(rows.map((r) => [r.width, r.runs, r.successes, r.bestRunId])).toEqual([[3, 2, 1, 'a'], [4, 3, 1, 'd']]);
    expect(rows[1]!.interval).toEqual(wilson(1, 3));
  });

  it('says what happened: finished, running, cancelled', () => {
    expect(batchStatusText({ finished: 200, successes: 102, seedCount: 200, active: false, cancelled: false })).toBe('200 runs finished, 102 succeeded (51%, 95% CI 44–58%)');
    expect(batchStatusText({ finished: 11, successes: 11, seedCount: 200, active: false, cancelled: true })).toMatch(/^cancelled after 11 of 200 runs/);
    expect(batchStatusText({ finished: 0, successes: 0, seedCount: 5, active: true, cancelled: false })).toBe('running: 0 of 5 runs finished, none finished yet');
  });
});

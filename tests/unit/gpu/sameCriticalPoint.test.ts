/**
 * The "same critical point" agreement column (native-workers/gpu/sameCriticalPoint.ts) on
 * handcrafted pairs, and the committed summary of the 200-seed report recomputed from its seeds.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { criticalPointCounts, criticalPointTable, sameCriticalPoint } from '../../../native-workers/gpu/sameCriticalPoint';

const at = (loss: number, classification: string | null = 'local-min') => ({ loss, classification });

describe('sameCriticalPoint', () => {
  it('the same minimum labelled differently is the same critical point', () => {
    // m = 4 seed 400007 of the 200-seed report: one loss, local-min on the GPU path, kink-min on the CPU.
    expect(sameCriticalPoint(at(7.618110242e-5, 'local-min'), at(7.618110242e-5, 'kink-min'))).toBe(true);
    // Two neighbouring but distinct minima of the same report (7.618110e-5 vs 7.617965e-5): 1.9e-5 apart.
    expect(sameCriticalPoint(at(7.618110242e-5), at(7.617964825e-5))).toBe(false);
  });

  it('cuts at 1e-8 relative', () => {
    const L = 1.624394618e-3;
    expect(sameCriticalPoint(at(L), at(L * (1 + 5e-9)))).toBe(true);
    expect(sameCriticalPoint(at(L * (1 + 5e-9)), at(L))).toBe(true);
    expect(sameCriticalPoint(at(L), at(L * (1 + 2e-8)))).toBe(false);
    expect(sameCriticalPoint(at(L), at(L * (1 + 2e-8)), 1e-7)).toBe(true);
  });

  it('needs the same outcome class: successes always agree, a class boundary never does', () => {
    // Both below 1e-25: the global minimum L = 0, however far apart their float64 floors.
    expect(sameCriticalPoint(at(2.7e-26, 'global-min'), at(3.2e-32, 'global-min'))).toBe(true);
    // Success vs undecided.
    expect(sameCriticalPoint(at(2.7e-26), at(2.6e-11))).toBe(false);
    // 1.5e-10 apart relative, but on both sides of the failure threshold 1e-6.
    expect(sameCriticalPoint(at(0.99999999995e-6), at(1.0000000001e-6))).toBe(false);
  });

  it('counts per width: relabelled misses and same labels at other points', () => {
    const seeds = [
      { width: 4, seed: 1, gpu: at(7.618110242e-5, 'local-min'), cpu: at(7.618110242e-5, 'kink-min') }, // relabelled
      { width: 4, seed: 2, gpu: at(1e-3, 'local-min'), cpu: at(1.1e-3, 'local-min') }, // same label, other point
      { width: 4, seed: 3, gpu: at(1e-30, 'global-min'), cpu: at(1e-27, 'global-min') }, // both success
      { width: 5, seed: 4, gpu: at(1e-30, 'global-min'), cpu: at(2e-3, 'local-min') }, // different outcome
    ];
    const [m4, m5] = criticalPointCounts(seeds);
    expect(m4).toEqual({
      width: 4, seeds: 3, sameOutcome: 3, sameClassification: 2, sameCriticalPoint: 2, relabelled: 1, sameClassOtherPoint: 1,
      relabelledSeeds: [{ seed: 1, loss: 7.618110242e-5, gpu: 'local-min', cpu: 'kink-min' }],
    });
    expect(m5).toMatchObject({ width: 5, seeds: 1, sameOutcome: 0, sameClassification: 0, sameCriticalPoint: 0, relabelled: 0 });
    expect(criticalPointTable([m4!, m5!])).toContain('fine-class misses at the same critical point (relabelled; 1 of 2 misses)');
  });

  it('the committed 200-seed summary is what the stored seeds give: 24 of the 76 fine-class misses are the same point', () => {
    const results = join(__dirname, '../../../docs/results');
    const report = JSON.parse(readFileSync(join(results, 'gpu-agreement-200-2026-12-02.json'), 'utf8')) as { seeds: Parameters<typeof criticalPointCounts>[0] };
    const counts = criticalPointCounts(report.seeds);
    expect(counts.map((c) => [c.width, c.sameClassification, c.sameCriticalPoint, c.relabelled])).toEqual([
      [4, 179, 180, 7],
      [5, 177, 174, 10],
      [6, 179, 170, 5],
      [7, 189, 179, 2],
    ]);
    expect(readFileSync(join(results, 'gpu-agreement-200-2026-12-02-summary.txt'), 'utf8')).toContain(criticalPointTable(counts));
  });
});

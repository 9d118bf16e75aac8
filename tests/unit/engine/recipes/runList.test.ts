import { describe, expect, it } from 'vitest';
import { outcomeClass, parseShard, parseWidths, planRuns, shardRuns, summarizeOutcomes, wilsonInterval } from '../../../../native-workers/engine/recipes';

describe('recipe run lists', () => {
  it('gives each width its own seed range, independent of the other widths swept', () => {
    const a = planRuns({ widths: [4, 5, 6, 7], seedsPerWidth: 50 });
    const seedsByWidth = new Map<number, Set<number>>();
    for (const r of a) (seedsByWidth.get(r.width) ?? seedsByWidth.set(r.width, new Set()).get(r.width)!).add(r.seed);
    const all = [...seedsByWidth.values()].flatMap((s) => [...s]);
    expect(new Set(all).size).toBe(all.length);
    const b = planRuns({ widths: [5], seedsPerWidth: 50 });
    expect(b.map((r) => r.seed)).toEqual(a.filter((r) => r.width === 5).map((r) => r.seed));
    expect(new Set(a.map((r) => r.id)).size).toBe(a.length);
  });

  it('shards are contiguous, disjoint, and cover the run list', () => {
    const runs = planRuns({ widths: [4, 5], seedsPerWidth: 7 });
    const shards = [0, 1, 2].map((i) => shardRuns(runs, i, 3));
    expect(shards.flat()).toEqual(runs);
    expect(Math.max(...shards.map((s) => s.length)) - Math.min(...shards.map((s) => s.length))).toBeLessThanOrEqual(1);
  });

  it('parses widths and shards, with errors in the user\'s words', () => {
    expect(parseWidths('4-7')).toEqual([4, 5, 6, 7]);
    expect(parseWidths('4,6-7,4')).toEqual([4, 6, 7]);
    expect(() => parseWidths('7-4')).toThrow(/runs backwards/);
    expect(() => parseWidths('four')).toThrow(/expected a list like 4-7/);
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    expect(() => parseShard('4/4')).toThrow(/0 ≤ i < n/);
    expect(() => planRuns({ widths: [4], seedsPerWidth: 0 })).toThrow(/seeds per width/);
  });
});

describe('outcome tables', () => {
  it('Wilson bounds solve |p̂ − p| = z·√(p(1−p)/n)', () => {
    for (const [k, n] of [[7, 100], [0, 30], [30, 30], [123, 4000]]) {
      const { low, high } = wilsonInterval(k, n);
      const z = 1.959964;
      for (const p of [low, high]) if (p > 0 && p < 1) expect(Math.abs(Math.abs(k / n - p) - z * Math.sqrt((p * (1 - p)) / n))).toBeLessThan(1e-12);
      expect(low).toBeLessThanOrEqual(k / n);
      expect(high).toBeGreaterThanOrEqual(k / n);
    }
    expect(wilsonInterval(0, 30).low).toBe(0);
  });

  it('separates success, undecided and failure and counts budget stops', () => {
    expect(outcomeClass(1e-30)).toBe('success');
    expect(outcomeClass(1e-10)).toBe('undecided');
    expect(outcomeClass(7.6e-5)).toBe('failure');
    const s = summarizeOutcomes([
      { loss: 1e-30, classification: 'global-min', stoppedBy: 'flow/rosenbrock23: loss-target', seconds: 1 },
      { loss: 1e-10, classification: 'not-critical', stoppedBy: 'flow/rosenbrock23: max-steps; polish: converged', seconds: 2 },
      { loss: 1e-3, classification: 'local-min', stoppedBy: 'flow/rosenbrock23: stalled', seconds: 3 },
      { loss: 1e-20, classification: 'not-critical', stoppedBy: 'flow/rosenbrock23: max-time', seconds: 4 },
    ]);
    expect([s.successes, s.undecided, s.undecidedBand, s.failures, s.budgetStopped]).toEqual([1, 2, 1, 1, 2]);
    expect(s.successFraction).toBe(0.25);
    expect(s.successFractionLenient).toBe(0.75);
    expect(s.failureProbability).toBe(0.75);
    expect(s.meanSeconds).toBe(2.5);
    expect(s.p90Seconds).toBe(4);
  });
});

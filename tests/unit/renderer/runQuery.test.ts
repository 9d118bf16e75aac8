/** The run browser's query: filters, search words, sort orders, facets. */
import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../../contract/runs';
import { batchLabel, DEFAULT_QUERY, facets, queryRuns, runLegend } from '../../../renderer/src/state/runQuery';
import { syntheticRun } from '../helpers/service';

function run(id: string, over: { width?: number; seed?: number; method?: RunSummary['spec']['method']; loss?: number; createdAt?: number; success?: boolean }): RunSummary {
  const base = syntheticRun(id, null, 0).summary;
  return {
    ...base,
    createdAt: over.createdAt ?? base.createdAt,
    spec: { ...base.spec, width: over.width ?? 2, seed: over.seed ?? 0, method: over.method ?? 'minimize' },
    result: { ...base.result, finalLoss: over.loss ?? 1, success: over.success ?? false, classification: over.success ? 'global-min' : 'local-min' },
  };
}

const runs = [
  run('a', { width: 3, seed: 4, method: 'flow', loss: 1e-4, createdAt: 3 }),
  run('b', { width: 4, seed: 1, loss: 1e-29, createdAt: 1, success: true }),
  run('c', { width: 3, seed: 2, loss: 1e-2, createdAt: 2 }),
];
const ids = (rs: RunSummary[]) => rs.map((r) => r.runId);

describe('queryRuns', () => {
  it('sorts newest first by default, and by loss, seed, width', () => {
    expect(ids(queryRuns(runs, DEFAULT_QUERY))).toEqual(['a', 'c', 'b']);
    expect(ids(queryRuns(runs, { ...DEFAULT_QUERY, sort: 'loss' }))).toEqual(['b', 'a', 'c']);
    expect(ids(queryRuns(runs, { ...DEFAULT_QUERY, sort: 'seed' }))).toEqual(['b', 'c', 'a']);
    expect(ids(queryRuns(runs, { ...DEFAULT_QUERY, sort: 'width' }))).toEqual(['c', 'a', 'b']);
  });

  it('filters by width, method, outcome, and every search word', () => {
    expect(ids(queryRuns(runs, { ...DEFAULT_QUERY, width: '3' }))).toEqual(['a', 'c']);
    expect(ids(queryRuns(runs, { ...DEFAULT_QUERY, method: 'flow' }))).toEqual(['a']);
    expect(ids(queryRuns(runs, { ...DEFAULT_QUERY, outcome: 'global-min' }))).toEqual(['b']);
    expect(ids(queryRuns(runs, { ...DEFAULT_QUERY, search: 'W3 seed 2' }))).toEqual(['c']);
    expect(ids(queryRuns(runs, { ...DEFAULT_QUERY, search: 'nothing-like-this' }))).toEqual([]);
    // Seeds and widths match exactly: seed 1 is not seed 12, w3 not w30.
    const more = [...runs, run('d', { width: 3, seed: 12 }), run('e', { width: 30, seed: 1 })];
    expect(ids(queryRuns(more, { ...DEFAULT_QUERY, search: 'seed 1' })).sort()).toEqual(['b', 'e']);
    expect(ids(queryRuns(more, { ...DEFAULT_QUERY, search: 'fig3c w3 seed:12' }))).toEqual(['d']);
    expect(ids(queryRuns(more, { ...DEFAULT_QUERY, search: 'width 30' }))).toEqual(['e']);
  });

  it('offers the values present and labels runs by teacher, width, seed, method', () => {
    expect(facets(runs)).toEqual({ teachers: ['fig3c'], widths: [3, 4], methods: ['flow', 'minimize'], outcomes: ['global-min', 'local-min'] });
    expect(runLegend(runs[0]!)).toBe('fig3c w3 seed 4 flow');
    const batch = { batchId: 'b', name: null, createdAt: 0, teacher: 'fig6' as const, width: 3, activation: null, method: 'flow' as const, seedCount: 20, finished: 20, successes: 0, bestLoss: null };
    expect(batchLabel(batch)).toBe('fig6 w3 flow, 20 seeds');
    expect(batchLabel({ ...batch, name: 'Fig. 6: width 3, 20 seeds' })).toBe('Fig. 6: width 3, 20 seeds');
  });
});

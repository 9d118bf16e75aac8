import { describe, expect, it } from 'vitest';
import { reduce, type StudioState } from '../../../renderer/src/state/useStudio';
import { syntheticRun } from '../helpers/service';

const empty: StudioState = { jobs: new Map(), runs: [], batches: [], error: null, complete: false };
const ref = { jobId: 'job-1', kind: 'train' as const, runId: 'run-1', batchId: 'b-1' };

describe('renderer shell state', () => {
  it('follows a job from its first progress event to done, and appends the run to its batch', () => {
    let s = reduce(empty, {
      type: 'loaded',
      complete: true,
      jobs: [],
      runs: [],
      batches: [{ batchId: 'b-1', name: null, createdAt: 0, teacher: 'fig3c', width: 4, activation: null, method: 'flow', seedCount: 2, finished: 0, successes: 0, bestLoss: null }],
    });
    s = reduce(s, { type: 'event', event: { type: 'job.progress', payload: { ...ref, progress: 0.4, step: 9, loss: 0.2, elapsedMs: 5 } } });
    expect(s.jobs.get('job-1')).toMatchObject({ state: 'running', progress: 0.4, step: 9, loss: 0.2, batchId: 'b-1' });
    const run = { ...syntheticRun('run-1', 'b-1', 0).summary };
    s = reduce(s, { type: 'event', event: { type: 'run.added', payload: { run } } });
    s = reduce(s, { type: 'event', event: { type: 'job.done', payload: { ...ref, run } } });
    expect(s.jobs.get('job-1')).toMatchObject({ state: 'done', progress: 1, loss: run.result.finalLoss });
    expect(s.runs.map((r) => r.runId)).toEqual(['run-1']);
    expect(s.batches[0]).toMatchObject({ finished: 1, successes: 1, bestLoss: run.result.finalLoss });
    // A repeated run.added (e.g. after a reconnect) does not duplicate the run.
    expect(reduce(s, { type: 'event', event: { type: 'run.added', payload: { run } } }).runs).toHaveLength(1);
  });

  it('marks cancelled and failed jobs with their reason', () => {
    const s = reduce(empty, { type: 'event', event: { type: 'job.failed', payload: { ...ref, reason: 'train: cancelled', cancelled: true } } });
    expect(s.jobs.get('job-1')).toMatchObject({ state: 'cancelled', message: 'train: cancelled' });
    const f = reduce(s, { type: 'event', event: { type: 'job.failed', payload: { ...ref, reason: 'worker crashed', cancelled: false } } });
    expect(f.jobs.get('job-1')).toMatchObject({ state: 'failed', message: 'worker crashed' });
  });

  it('appends later pages without duplicates, marks the list complete, and drops deleted runs and batches', () => {
    const a = syntheticRun('run-a', 'b-1', 0).summary;
    const b = syntheticRun('run-b', null, 1).summary;
    const batch = { batchId: 'b-1', name: null, createdAt: 0, teacher: 'fig3c' as const, width: 2, activation: null, method: 'minimize' as const, seedCount: 1, finished: 1, successes: 1, bestLoss: a.result.finalLoss };
    let s = reduce(empty, { type: 'loaded', jobs: [], runs: [a], batches: [batch], complete: false });
    expect(s.complete).toBe(false);
    s = reduce(s, { type: 'more-runs', runs: [a, b], complete: true });
    expect(s.runs.map((r) => r.runId)).toEqual(['run-a', 'run-b']);
    expect(s.complete).toBe(true);
    expect(reduce(s, { type: 'runs-deleted', runIds: ['run-b'], batchId: null }).runs.map((r) => r.runId)).toEqual(['run-a']);
    const noBatch = reduce(s, { type: 'runs-deleted', runIds: [], batchId: 'b-1' });
    expect(noBatch.runs.map((r) => r.runId)).toEqual(['run-b']);
    expect(noBatch.batches).toEqual([]);
  });
});

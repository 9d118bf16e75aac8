/** A batch interrupted by a crash is listed as interrupted and resumes; damaged entries, analyses and exports through the API. */
import { truncateSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StudioApi } from '../../../contract/api';
import type { StudioEvent } from '../../../contract/events';
import { localStudioApi } from '../../../main/services/localApi';
import { StudioService } from '../../../main/services/studioService';
import { Workspace } from '../../../main/workspace/workspace';
import { computeWorkerEntry } from '../../../native-workers/pool/entry';
import { syntheticRun, tempDir } from '../helpers/service';

const dir = tempDir('resume');
let service: StudioService;
let api: StudioApi;
const events: StudioEvent[] = [];

beforeAll(async () => {
  // What a crash leaves: batch.json for 3 seeds, the run of seed 0, nothing for seeds 1 and 2;
  // plus a single run whose final θ was truncated by hand.
  const ws = await Workspace.open(dir.path);
  await ws.createBatch({
    format: 'escape-studio/batch@1',
    batchId: 'batch-r',
    name: 'interrupted',
    createdAt: 1_700_000_000_000,
    spec: { teacher: 'fig3c', samples: 16, dataSeed: 0, width: 2, init: 'glorot_normal', method: 'gd', seeds: [0, 1, 2], budgets: { maxSteps: 5 }, settings: {}, recordTrajectory: true },
  });
  const done = syntheticRun('run-r0', 'batch-r', 0);
  await ws.addRun(done.summary, done.architecture, done.arrays);
  const broken = syntheticRun('run-broken', null, 7);
  await ws.addRun(broken.summary, broken.architecture, broken.arrays);
  await ws.close();
  truncateSync(join(dir.path, 'runs', 'run-broken', 'finalTheta.f64'), 16);

  service = await StudioService.open({ workspaceDir: dir.path, workerEntry: computeWorkerEntry(), poolSize: 1 });
  api = localStudioApi(service);
  api.subscribe((e) => events.push(e));
});
afterAll(async () => {
  await service.shutdown();
  dir.remove();
});

describe('interrupted batches and workspace housekeeping', () => {
  it('lists the batch as interrupted (1 of 3 finished), resumes the missing seeds, then lists it finished', async () => {
    const before = await api.call('runs.list', {});
    expect(before.batches).toEqual([expect.objectContaining({ batchId: 'batch-r', seedCount: 3, finished: 1, state: 'interrupted' })]);

    const resumed = await api.call('batches.resume', { batchId: 'batch-r' });
    expect(resumed.jobs.map((j) => j.seed)).toEqual([1, 2]);
    const during = await api.call('runs.list', {});
    expect(during.batches[0]).toMatchObject({ state: 'running' });
    // Resuming again while they run queues nothing twice.
    expect((await api.call('batches.resume', { batchId: 'batch-r' })).jobs).toEqual([]);

    const ids = new Set(resumed.jobs.map((j) => j.jobId));
    await expect.poll(() => events.filter((e) => e.type === 'job.done' && ids.has(e.payload.jobId)).length, { timeout: 60_000 }).toBe(2);
    const after = await api.call('runs.list', { batchId: 'batch-r' });
    expect(after.runs.map((r) => r.spec.seed).sort()).toEqual([0, 1, 2]);
    expect(after.batches[0]).toMatchObject({ finished: 3, state: 'finished' });
    expect((await api.call('batches.resume', { batchId: 'batch-r' })).jobs).toEqual([]);
  });

  it('lists a damaged run with its reason (not among the runs), refuses to load it, and deletes it', async () => {
    const list = await api.call('runs.list', {});
    expect(list.runs.map((r) => r.runId)).not.toContain('run-broken');
    expect(list.damaged).toEqual([
      { kind: 'run', id: 'run-broken', batchId: null, reason: expect.stringContaining('finalTheta.f64 (finalTheta) is truncated: 16 bytes, expected 72') },
    ]);
    await expect(api.call('runs.get', { runId: 'run-broken' })).rejects.toThrow(/run 'run-broken' is damaged/);
    expect(await api.call('runs.delete', { runId: 'run-broken' })).toEqual({ deleted: 1 });
    expect((await api.call('runs.list', {})).damaged).toEqual([]);
  });

  it('lists and deletes analyses and exports', async () => {
    const analysis = await api.call('analyze', { source: { kind: 'run', runId: 'run-r0' }, escapeDirections: false });
    const listed = await api.call('analyses.list', {});
    expect(listed.analyses).toEqual([expect.objectContaining({ analysisId: analysis.analysisId, runId: 'run-r0', loss: analysis.loss })]);
    expect(await api.call('analyses.delete', { analysisId: analysis.analysisId })).toEqual({ deleted: 1 });
    expect((await api.call('analyses.list', {})).analyses).toEqual([]);
    await expect(api.call('analyses.delete', { analysisId: analysis.analysisId })).rejects.toThrow(/no analysis/);

    await api.call('runs.export', { runId: 'run-r0' });
    const exports = await api.call('exports.list', {});
    expect(exports.exports).toEqual([expect.objectContaining({ exportId: 'run-r0', files: ['run.json', 'run.npz'] })]);
    expect(await api.call('exports.delete', { exportId: 'run-r0' })).toEqual({ deleted: 1 });
    expect((await api.call('exports.list', {})).exports).toEqual([]);
  });
});

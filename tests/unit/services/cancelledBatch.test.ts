/**
 * A batch the user cancels is saved as cancelled in its batch.json (atomically) and after a
 * restart lists "cancelled, k of n finished" — not "interrupted", which stays the state of a batch
 * stopped by a crash or a shutdown. Resume clears the mark; Discard deletes the batch.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { StudioApi } from '../../../contract/api';
import type { StudioEvent } from '../../../contract/events';
import { localStudioApi } from '../../../main/services/localApi';
import { StudioService } from '../../../main/services/studioService';
import { Workspace } from '../../../main/workspace/workspace';
import { computeWorkerEntry } from '../../../native-workers/pool/entry';
import { syntheticRun, tempDir } from '../helpers/service';

const dir = tempDir('cancelled');
afterAll(() => dir.remove());

/** Seeds 1 and 2 train for a long time (a tiny step, many steps), so the cancel finds them queued or running. */
async function seedWorkspace(batchId: string): Promise<void> {
  const ws = await Workspace.open(dir.path);
  await ws.createBatch({
    format: 'escape-studio/batch@1',
    batchId,
    name: batchId,
    createdAt: 1_700_000_000_000,
    spec: { teacher: 'fig3c', samples: 16, dataSeed: 0, width: 2, init: 'glorot_normal', method: 'gd', seeds: [0, 1, 2], budgets: { maxSteps: 50_000_000, learningRate: 1e-12 }, settings: { polish: false }, recordTrajectory: false },
  });
  const done = syntheticRun(`${batchId}-0`, batchId, 0);
  await ws.addRun(done.summary, done.architecture, done.arrays);
  await ws.close();
}

async function withService<T>(body: (api: StudioApi, events: StudioEvent[]) => Promise<T>): Promise<T> {
  const service = await StudioService.open({ workspaceDir: dir.path, workerEntry: computeWorkerEntry(), poolSize: 1 });
  const api = localStudioApi(service);
  const events: StudioEvent[] = [];
  api.subscribe((e) => events.push(e));
  try {
    return await body(api, events);
  } finally {
    await service.shutdown();
  }
}

const batchJson = (batchId: string): Record<string, unknown> => JSON.parse(readFileSync(join(dir.path, 'batches', batchId, 'batch.json'), 'utf8')) as Record<string, unknown>;
const stateOf = async (api: StudioApi, batchId: string) => (await api.call('runs.list', {})).batches.find((b) => b.batchId === batchId);

describe('cancelled batches', () => {
  it('saves the cancel: listed cancelled (1 of 3) now and after a restart; a shut-down batch stays interrupted', async () => {
    await seedWorkspace('batch-c');
    await seedWorkspace('batch-s');
    await withService(async (api, events) => {
      const resumed = await api.call('batches.resume', { batchId: 'batch-c' });
      expect(resumed.jobs.map((j) => j.seed)).toEqual([1, 2]);
      await api.call('batches.resume', { batchId: 'batch-s' });
      expect((await stateOf(api, 'batch-c'))?.state).toBe('running');
      const before = Date.now();
      expect((await api.call('jobs.cancel', { batchId: 'batch-c' })).cancelled).toBe(2);
      const ids = new Set(resumed.jobs.map((j) => j.jobId));
      await expect.poll(() => events.filter((e) => e.type === 'job.failed' && ids.has(e.payload.jobId) && e.payload.cancelled).length, { timeout: 30_000 }).toBe(2);
      expect(await stateOf(api, 'batch-c')).toMatchObject({ state: 'cancelled', finished: 1, seedCount: 3 });
      const saved = batchJson('batch-c');
      expect(saved.cancelledAt).toBeGreaterThanOrEqual(before);
      expect(saved.spec).toMatchObject({ seeds: [0, 1, 2] });
      // batch-s is still running; the shutdown below stops it without a user's cancel.
      expect((await stateOf(api, 'batch-s'))?.state).toBe('running');
    });
    // Written through a temp file and a rename: nothing else is left in the batch folder.
    expect(readdirSync(join(dir.path, 'batches', 'batch-c')).sort()).toEqual(['batch.json', 'runs']);
    expect(batchJson('batch-s').cancelledAt).toBeUndefined();

    await withService(async (api) => {
      expect(await stateOf(api, 'batch-c')).toMatchObject({ state: 'cancelled', finished: 1, seedCount: 3 });
      expect(await stateOf(api, 'batch-s')).toMatchObject({ state: 'interrupted', finished: 1, seedCount: 3 });
    });
  });

  it('Resume clears the mark (running, then interrupted after a shutdown)', async () => {
    await withService(async (api) => {
      const resumed = await api.call('batches.resume', { batchId: 'batch-c' });
      expect(resumed.jobs.map((j) => j.seed)).toEqual([1, 2]);
      expect(batchJson('batch-c').cancelledAt).toBeUndefined();
      expect((await stateOf(api, 'batch-c'))?.state).toBe('running');
    });
    await withService(async (api) => {
      expect((await stateOf(api, 'batch-c'))?.state).toBe('interrupted');
      // Discard: the batch and its stored run are deleted.
      expect(await api.call('runs.delete', { batchId: 'batch-c' })).toEqual({ deleted: 1 });
      expect(await stateOf(api, 'batch-c')).toBeUndefined();
    });
  });
});

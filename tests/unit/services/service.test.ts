/**
 * The real service end to end in-process: compute worker (engine), workspace, events, through
 * the same dispatch the hosts use.
 */
import { describe, expect, it } from 'vitest';
import { StudioError } from '../../../contract/errors';
import type { StudioEvent } from '../../../contract/events';
import { Workspace } from '../../../main/workspace/workspace';
import { useStudioService } from '../helpers/studioFixture';

const studio = useStudioService('service');
const { events } = studio;

function waitFor<T extends StudioEvent['type']>(type: T, jobId: string): Promise<Extract<StudioEvent, { type: T }>> {
  return new Promise((resolve) => {
    const check = (e: StudioEvent): void => {
      if (e.type === type && 'jobId' in e.payload && e.payload.jobId === jobId) {
        unsubscribe();
        resolve(e as Extract<StudioEvent, { type: T }>);
      }
    };
    const unsubscribe = studio.api.subscribe(check);
    for (const e of events) check(e);
  });
}

function settled(jobId: string): Promise<StudioEvent> {
  return Promise.race([waitFor('job.done', jobId), waitFor('job.failed', jobId)]);
}

describe('StudioService with the compute worker', () => {
  let runId = '';

  it('trains one run: progress events, run.added, job.done, and the stored run loads', async () => {
    const started = await studio.api.call('experiments.start', { teacher: 'fig6', width: 3, seeds: [1], method: 'minimize' });
    expect(started.batchId).toBeNull();
    const [job] = started.jobs;
    const done = await settled(job!.jobId);
    expect(done.type).toBe('job.done');
    runId = job!.runId;
    const added = events.find((e) => e.type === 'run.added' && e.payload.run.runId === runId);
    expect(added).toBeDefined();
    const detail = await studio.api.call('runs.get', { runId });
    expect(detail.run.spec).toMatchObject({ teacher: 'fig6', width: 3, seed: 1, method: 'minimize' });
    expect(detail.finalTheta).toHaveLength(detail.run.parameterCount);
    expect(detail.run.result.finalLoss).toBeLessThan(detail.curve.loss[0]);
    // The stored loss is the loss of the stored θ (independent check via analyze on the run).
    const analysis = await studio.api.call('analyze', { source: { kind: 'run', runId }, escapeDirections: true });
    expect(analysis.loss).toBeCloseTo(detail.run.result.finalLoss, 15);
    expect(analysis.eigenvalues).toHaveLength(detail.run.parameterCount);
    expect(analysis.classification).toBe(detail.run.result.classification);
    const listed = await studio.api.call('jobs.list', {});
    expect(listed.jobs.find((j) => j.jobId === job!.jobId)).toMatchObject({ state: 'done', progress: 1 });
  });

  it('split keeps the function and landscape evaluates the plane through the point', async () => {
    const split = await studio.api.call('split', { source: { kind: 'run', runId }, neuron: 0, gamma: 0.3 });
    expect(split.maxFunctionChange).toBeLessThan(1e-12);
    expect(split.checkpoint.layers[0].weight).toHaveLength(4);
    const detail = await studio.api.call('runs.get', { runId });
    expect(split.loss).toBeCloseTo(detail.run.result.finalLoss, 14);

    const grid = await studio.api.call('landscape', {
      source: { kind: 'run', runId },
      plane: { kind: 'random', seed: 2 },
      alphaRange: [-1, 1],
      betaRange: [-1, 1],
      resolution: 5,
    });
    expect(grid.loss).toHaveLength(25);
    // The centre of the grid (α = β = 0) is θ₀ itself.
    expect(grid.loss[12]).toBeCloseTo(detail.run.result.finalLoss, 14);
    expect(grid.minLoss).toBeLessThanOrEqual(grid.loss[12]);
  });

  it('exports the run as npz + json', async () => {
    const out = await studio.api.call('runs.export', { runId });
    expect(out.npzPath).toMatch(/run\.npz$/);
    expect(out.arrays).toContain('final_theta');
  });

  it('cancel stops a running training within 200 ms', async () => {
    const started = await studio.api.call('experiments.start', {
      teacher: 'fig3c',
      width: 6,
      seeds: [3],
      method: 'gd',
      budgets: { maxSteps: 100_000_000, learningRate: 1e-6, lossTarget: 1e-300 },
    });
    const jobId = started.jobs[0].jobId;
    await waitFor('job.progress', jobId);
    const t0 = performance.now();
    const failed = settled(jobId);
    expect(await studio.api.call('jobs.cancel', { jobId })).toEqual({ cancelled: 1 });
    const event = await failed;
    const elapsed = performance.now() - t0;
    expect(event).toMatchObject({ type: 'job.failed', payload: { cancelled: true } });
    expect(elapsed).toBeLessThan(200);
    expect((await studio.api.call('runs.list', {})).runs.map((r) => r.runId)).not.toContain(started.jobs[0].runId);
  });

  it('a worker killed mid-job fails that job with a reason; the pool heals and the next job succeeds', async () => {
    const started = await studio.api.call('experiments.start', {
      teacher: 'fig3c',
      width: 6,
      seeds: [4],
      method: 'gd',
      budgets: { maxSteps: 100_000_000, learningRate: 1e-6, lossTarget: 1e-300 },
    });
    const jobId = started.jobs[0].jobId;
    await waitFor('job.progress', jobId);
    expect(studio.service.pool.killWorkerOf(studio.service.poolJobOf(jobId)!)).toBe(true);
    const event = await settled(jobId);
    expect(event).toMatchObject({ type: 'job.failed', payload: { cancelled: false, reason: expect.stringMatching(/worker exited unexpectedly/) } });
    const next = await studio.api.call('experiments.start', { teacher: 'fig6', width: 2, seeds: [0] });
    expect((await settled(next.jobs[0].jobId)).type).toBe('job.done');
  });

  it('reports bad references and inconsistent inputs as errors naming the field', async () => {
    const missing = await studio.api.call('runs.get', { runId: 'run-nope' }).catch((e: StudioError) => e);
    expect(missing).toBeInstanceOf(StudioError);
    expect((missing as StudioError).code).toBe('not-found');
    expect((missing as StudioError).message).toBe("runs.get: runId: no run 'run-nope' in the workspace");
    const badTheta = await studio.api.call('experiments.start', { teacher: 'fig6', width: 3, seeds: [0], initialTheta: [1, 2, 3] });
    const failed = await settled(badTheta.jobs[0].jobId);
    expect(failed).toMatchObject({ type: 'job.failed', payload: { reason: expect.stringMatching(/initialTheta: has 3 entries/) } });
    const eig = await studio.api
      .call('landscape', { source: { kind: 'run', runId }, plane: { kind: 'eigenvectors', i: 0, j: 999 }, alphaRange: [-1, 1], betaRange: [-1, 1], resolution: 3 })
      .catch((e: StudioError) => e);
    expect((eig as StudioError).code).toBe('invalid');
    expect((eig as StudioError).message).toMatch(/^landscape: plane\.j: 999 is out of range/);
  });

  it('a reopened workspace lists every stored run', async () => {
    const reopened = await Workspace.open(studio.dir);
    const listed = (await studio.api.call('runs.list', {})).runs.map((r) => r.runId).sort();
    expect(reopened.listRuns().map((r) => r.runId).sort()).toEqual(listed);
    expect(reopened.problems).toEqual([]);
  });
});

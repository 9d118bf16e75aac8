/**
 * The split shows two points (issue 9): the exact split point (ε = 0) and the nudged start the
 * split run trains from. Through the real service: train the Fig. 6 width-3 minimum, split with
 * ε = 1e-3, start the split run, then analyze `which: 'split'` and `which: 'initial'` of it.
 * Also: the stored run records which trainer phase made which part of its loss curve, and the
 * job list reports the run's final loss.
 */
import { describe, expect, it } from 'vitest';
import { useStudioService } from '../helpers/studioFixture';

const studio = useStudioService('split-points');


describe('split point and nudged start', () => {
  it('returns, stores and analyzes both points; the run carries its phases', async () => {
    const api = studio.api;
    const parent = await api.call('experiments.start', { teacher: 'fig6', width: 3, seeds: [4], method: 'flow' });
    expect((await studio.settled(parent.jobs[0].jobId)).type).toBe('job.done');
    const parentId = parent.jobs[0].runId;
    const parentRun = await api.call('runs.get', { runId: parentId });
    expect(parentRun.run.result.classification).toBe('local-min');
    // The Jobs list shows the run's final loss, not the trainer's last progress report.
    const listed = (await api.call('jobs.list', {})).jobs.find((j) => j.jobId === parent.jobs[0].jobId);
    expect(listed?.loss).toBe(parentRun.run.result.finalLoss);

    // Phases tile the stored loss curve: flow then polish.
    const phases = parentRun.run.result.phases ?? [];
    expect(phases.map((p) => p.name)).toEqual(['flow/rosenbrock', 'polish/trust-region']);
    expect(phases[0].fromIndex).toBe(0);
    expect(phases[1].fromIndex).toBe(phases[0].toIndex);
    expect(phases[1].toIndex).toBe(parentRun.curve.loss.length - 1);

    const split = await api.call('split', { source: { kind: 'run', runId: parentId }, neuron: 0, gamma: 0.5, perturb: 1e-3 });
    expect(split.exact.gradNorm).toBeLessThan(1e-10);
    expect(split.gradNorm).toBeGreaterThan(1e-9);
    expect(split.exact.loss).toBeCloseTo(parentRun.run.result.finalLoss, 15);
    expect(split.exact.theta).not.toEqual(split.theta);

    const started = await api.call('experiments.start', {
      teacher: 'fig6',
      width: 4,
      seeds: [4],
      method: 'flow',
      initialTheta: split.theta,
      origin: { kind: 'split', parentRunId: parentId, layer: 0, neuron: 0, gamma: 0.5, nudge: 1e-3 },
    });
    expect((await studio.settled(started.jobs[0].jobId)).type).toBe('job.done');
    const runId = started.jobs[0].runId;

    const atSplit = await api.call('analyze', { source: { kind: 'run', runId, which: 'split' } });
    const atStart = await api.call('analyze', { source: { kind: 'run', runId, which: 'initial' } });
    expect(atSplit.classification).toBe('strict-saddle');
    expect(atSplit.gradNorm).toBeCloseTo(split.exact.gradNorm, 12);
    expect(atSplit.index).toBeGreaterThan(0);
    expect(atStart.classification).toBe('not-critical');
    expect(atStart.gradNorm).toBeCloseTo(split.gradNorm, 15);

    await expect(api.call('analyze', { source: { kind: 'run', runId: parentId, which: 'split' } })).rejects.toThrow(/is not a split run/);
  });
});

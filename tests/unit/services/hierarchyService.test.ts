/**
 * `hierarchy.explore` end to end: the compute worker explores, the service stores the graph in
 * the workspace, `hierarchy.get` / `hierarchy.list` return it, a node serves as a landscape point.
 * The stored θ are checked against the engine's loss (independent of the explorer's bookkeeping).
 */
import { describe, expect, it } from 'vitest';
import { StudioError } from '../../../contract/errors';
import { twoLayerArchitecture } from '../../../native-workers/engine/core/layout';
import { createLossEvaluator } from '../../../native-workers/engine/derivatives/loss';
import { teacherDataset } from '../../../native-workers/engine/teachers/teachers';
import { Workspace } from '../../../main/workspace/workspace';
import { useStudioService } from '../helpers/studioFixture';

const studio = useStudioService('hierarchy-service');
const { events } = studio;


function firstProgress(jobId: string): Promise<void> {
  return new Promise((resolve) => {
    const unsubscribe = studio.api.subscribe((e) => {
      if (e.type === 'job.progress' && e.payload.jobId === jobId) {
        unsubscribe();
        resolve();
      }
    });
  });
}

describe('hierarchy.explore', () => {
  let hierarchyId = '';

  it('explores fig6 (40 samples) at widths 2–3 with 2 seeds as a job and stores the graph: losses of the stored θ, split edges keep the loss', async () => {
    const started = await studio.api.call('hierarchy.explore', {
      teacher: 'fig6',
      samples: 40,
      dataSeed: 1,
      widths: [2, 3],
      seedsPerWidth: 2,
      gammas: [0.5],
      method: 'minimize',
      name: 'tiny',
    });
    hierarchyId = started.hierarchyId;
    const done = await studio.settled(started.jobId);
    expect(done).toMatchObject({ type: 'job.done', payload: { kind: 'hierarchy', run: null } });
    const progress = events.filter((e) => e.type === 'job.progress' && e.payload.jobId === started.jobId);
    expect(progress.length).toBeGreaterThan(0);
    const job = (await studio.api.call('jobs.list', {})).jobs.find((j) => j.jobId === started.jobId);
    expect(job).toMatchObject({ kind: 'hierarchy', state: 'done', progress: 1 });

    const graph = await studio.api.call('hierarchy.get', { hierarchyId });
    expect(graph.summary).toMatchObject({ hierarchyId, name: 'tiny', activation: 'softplus', inputDim: 2, outputDim: 1, widths: [2, 3] });
    expect(graph.summary.request).toMatchObject({ teacher: 'fig6', samples: 40, dataSeed: 1, seedsPerWidth: 2 });
    expect(graph.nodes.length).toBe(graph.summary.nodeCount);
    expect(graph.nodes.length).toBeGreaterThan(0);
    const data = teacherDataset('fig6', { samples: 40, dataSeed: 1 });
    const lossOf = new Map<number, number>();
    for (const n of graph.nodes) {
      expect([2, 3]).toContain(n.width);
      expect(n.classification.length).toBeGreaterThan(0);
      const L = createLossEvaluator(twoLayerArchitecture(2, n.width, 1, 'softplus'), data, { kernel: 'general' }).loss(Float64Array.from(n.theta));
      expect(Math.abs(L - n.loss)).toBeLessThanOrEqual(1e-12 * Math.max(L, 1e-300));
      lossOf.set(n.id, L);
    }
    const splits = graph.edges.filter((e) => e.kind === 'split');
    expect(splits.length).toBeGreaterThan(0);
    for (const e of splits) {
      const a = lossOf.get(e.from)!;
      const b = lossOf.get(e.to)!;
      expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-12 * a);
      expect(graph.nodes.find((n) => n.id === e.to)!.width).toBe(graph.nodes.find((n) => n.id === e.from)!.width + 1);
    }

    const listed = await studio.api.call('hierarchy.list', {});
    expect(listed.hierarchies.map((h) => h.hierarchyId)).toContain(hierarchyId);
    const reopened = await Workspace.open(studio.dir);
    expect(reopened.problems).toEqual([]);
    expect(await reopened.hierarchies.load(hierarchyId)).toEqual(graph);
  });

  it('a node is a point source: its landscape is centred on the stored θ', async () => {
    const graph = await studio.api.call('hierarchy.get', { hierarchyId });
    const node = graph.nodes.find((n) => n.origin === 'split') ?? graph.nodes[0];
    const land = await studio.api.call('landscape', { source: { kind: 'hierarchy', hierarchyId, node: node.id }, plane: { kind: 'random', seed: 1 }, resolution: 3 });
    expect(Math.abs(land.originLoss - node.loss)).toBeLessThanOrEqual(1e-12 * node.loss);
    expect(land.parameterCount).toBe(node.theta.length);
    const missing = await studio.api.call('analyze', { source: { kind: 'hierarchy', hierarchyId, node: 99_999 } }).catch((e: StudioError) => e);
    expect((missing as StudioError).code).toBe('not-found');
    expect((missing as StudioError).message).toBe(`analyze: node: hierarchy '${hierarchyId}' has no node 99999`);
  });

  it('cancel stops an exploration; nothing is stored', async () => {
    const before = (await studio.api.call('hierarchy.list', {})).hierarchies.length;
    const started = await studio.api.call('hierarchy.explore', { teacher: 'fig3c', widths: [4, 5, 6], seedsPerWidth: 200, method: 'flow' });
    await firstProgress(started.jobId);
    expect(await studio.api.call('jobs.cancel', { jobId: started.jobId })).toEqual({ cancelled: 1 });
    expect(await studio.settled(started.jobId)).toMatchObject({ type: 'job.failed', payload: { cancelled: true, kind: 'hierarchy' } });
    expect((await studio.api.call('hierarchy.list', {})).hierarchies).toHaveLength(before);
  });

  it('rejects bad requests naming the field', async () => {
    const bad = await studio.api.call('hierarchy.explore', { teacher: 'fig6', widths: [] }).catch((e: StudioError) => e);
    expect((bad as StudioError).message).toBe('hierarchy.explore: widths: expected at least one width');
  });
});

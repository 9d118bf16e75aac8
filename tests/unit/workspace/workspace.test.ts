import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../../main/workspace/atomic';
import { NotFoundError, WorkspaceError } from '../../../main/workspace/errors';
import { Workspace } from '../../../main/workspace/workspace';
import { syntheticRun, tempDir } from '../helpers/service';

const dirs: { remove(): void }[] = [];
function workspaceDir(): string {
  const d = tempDir('ws');
  dirs.push(d);
  return d.path;
}
afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

function batchRecord(batchId: string) {
  return {
    format: 'escape-studio/batch@1' as const,
    batchId,
    name: 'three seeds',
    createdAt: 1_700_000_000_000,
    spec: {
      teacher: 'fig3c' as const,
      dataSeed: 0,
      width: 2,
      init: 'glorot_normal' as const,
      method: 'minimize' as const,
      seeds: [0, 1, 2],
      budgets: {},
      settings: {},
      recordTrajectory: true,
    },
  };
}

describe('Workspace', () => {
  it('stores runs and batches, and a reopened workspace lists and loads every one of them', async () => {
    const root = workspaceDir();
    const ws = await Workspace.open(root);
    const single = syntheticRun('run-a', null, 0);
    await ws.addRun(single.summary, single.architecture, single.arrays);
    await ws.createBatch(batchRecord('batch-1'));
    for (const seed of [0, 1]) {
      const r = syntheticRun(`run-b${seed}`, 'batch-1', seed);
      await ws.addRun(r.summary, r.architecture, r.arrays);
    }

    const again = await Workspace.open(root);
    expect(again.problems).toEqual([]);
    expect(again.listRuns().map((r) => r.runId)).toEqual(['run-a', 'run-b0', 'run-b1']);
    expect(again.listRuns('batch-1').map((r) => r.runId)).toEqual(['run-b0', 'run-b1']);
    const [batch] = again.listBatches();
    expect(batch).toMatchObject({ batchId: 'batch-1', seedCount: 3, finished: 2, successes: 2, bestLoss: 1e-27 });
    const loaded = await again.loadRun('run-b1');
    const expected = syntheticRun('run-b1', 'batch-1', 1);
    expect(loaded.record.summary).toEqual(expected.summary);
    for (const name of Object.keys(expected.arrays) as (keyof typeof expected.arrays)[])
      expect(Array.from(loaded.arrays[name])).toEqual(Array.from(expected.arrays[name]));
    expect(existsSync(join(root, 'batches', 'batch-1', 'runs', 'run-b1', 'trajectoryTheta.f64'))).toBe(true);
  });

  it('removes temporary leftovers of an interrupted write and reports unreadable entries', async () => {
    const root = workspaceDir();
    const ws = await Workspace.open(root);
    const r = syntheticRun('run-ok', null, 3);
    await ws.addRun(r.summary, r.architecture, r.arrays);
    // What a crash in the middle of writeDirAtomic leaves: a temp folder with partial files.
    mkdirSync(join(root, 'runs', '.tmp-run-x-abc'));
    writeFileSync(join(root, 'runs', '.tmp-run-x-abc', 'finalTheta.f64'), Buffer.alloc(12));
    // A run folder whose run.json was damaged by hand.
    mkdirSync(join(root, 'runs', 'run-bad'));
    writeFileSync(join(root, 'runs', 'run-bad', 'run.json'), '{"format": "escape-studio/run@1", "summ');
    await ws.close(); // as after a crash: the next process opens the folder
    const again = await Workspace.open(root);
    expect(again.listRuns().map((x) => x.runId)).toEqual(['run-ok']);
    expect(readdirSync(join(root, 'runs')).sort()).toEqual(['run-bad', 'run-ok']);
    expect(again.problems).toHaveLength(1);
    expect(again.problems[0]).toMatch(/run-bad.*not valid JSON/);
  });

  it('rejects arrays whose length disagrees with the run, naming the array', async () => {
    const ws = await Workspace.open(workspaceDir());
    const r = syntheticRun('run-c', null, 0);
    const bad = { ...r.arrays, finalTheta: new Float64Array(4) };
    await expect(ws.addRun(r.summary, r.architecture, bad)).rejects.toThrow(/finalTheta: has 4 entries, expected 9/);
    expect(ws.listRuns()).toEqual([]);
  });

  it('a truncated .f64 file is reported when the workspace is reopened and when the run is loaded', async () => {
    const root = workspaceDir();
    const ws = await Workspace.open(root);
    const r = syntheticRun('run-d', null, 0);
    await ws.addRun(r.summary, r.architecture, r.arrays);
    writeFileSync(join(root, 'runs', 'run-d', 'finalTheta.f64'), Buffer.alloc(40));
    const again = await Workspace.open(root);
    await expect(again.loadRun('run-d')).rejects.toThrow(WorkspaceError);
    await expect(again.loadRun('run-d')).rejects.toThrow(/run-d' is damaged: .*finalTheta.f64 \(finalTheta\) is truncated: 40 bytes, expected 72/);
  });

  it('deletes runs and whole batches', async () => {
    const root = workspaceDir();
    const ws = await Workspace.open(root);
    await ws.createBatch(batchRecord('batch-2'));
    for (const seed of [0, 1, 2]) {
      const r = syntheticRun(`run-e${seed}`, 'batch-2', seed);
      await ws.addRun(r.summary, r.architecture, r.arrays);
    }
    expect(await ws.deleteRun('run-e0')).toBe(1);
    expect(ws.listRuns().map((r) => r.runId)).toEqual(['run-e1', 'run-e2']);
    expect(await ws.deleteBatch('batch-2')).toBe(2);
    expect(ws.listRuns()).toEqual([]);
    expect((await Workspace.open(root)).listBatches()).toEqual([]);
    await expect(ws.loadRun('run-e1')).rejects.toThrow(NotFoundError);
  });

  it('writeFileAtomic replaces a file completely and leaves no temporary file behind', async () => {
    const root = workspaceDir();
    const path = join(root, 'x.json');
    await writeFileAtomic(path, 'first version, long enough to notice a prefix');
    await writeFileAtomic(path, 'second');
    expect(readdirSync(root)).toEqual(['x.json']);
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(path, 'utf8')).toBe('second');
  });
});

/** Stored datasets: datasets/<id>/dataset.json + X.f64 + Y.f64, checked on reopen; workspaces without datasets/ still open. */
import { existsSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DatasetSummary } from '../../../contract/datasets';
import { Workspace } from '../../../main/workspace/workspace';
import { syntheticRun, tempDir } from '../helpers/service';

const dirs: { remove(): void }[] = [];
afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

const summary = (datasetId: string): DatasetSummary => ({
  datasetId,
  name: `${datasetId}.csv`,
  createdAt: 1_700_000_000_000,
  fileName: `${datasetId}.csv`,
  format: 'csv',
  count: 3,
  inputDim: 2,
  outputDim: 1,
  notes: ['inputs: a, b; targets: y (as chosen)'],
});
const X = Float64Array.of(1, 2, 3, 4, 5, 6.5);
const Y = Float64Array.of(-1, 0.25, 1e-300);

function workspaceDir(): string {
  const dir = tempDir('datasets');
  dirs.push(dir);
  return dir.path;
}

describe('stored datasets', () => {
  it('round-trip X and Y bit for bit through a reopen', async () => {
    const dir = workspaceDir();
    const ws = await Workspace.open(dir);
    await ws.datasets.add(summary('data-a'), X, Y);
    await ws.close();
    const again = await Workspace.open(dir);
    expect(again.problems).toEqual([]);
    expect(again.datasets.list()).toEqual([summary('data-a')]);
    const loaded = await again.datasets.load('data-a');
    expect(Array.from(loaded.X)).toEqual(Array.from(X));
    expect(Array.from(loaded.Y)).toEqual(Array.from(Y));
    await again.close();
  });

  it('report a truncated array, a shape that disagrees with the summary and a renamed folder, and keep the good ones', async () => {
    const dir = workspaceDir();
    const ws = await Workspace.open(dir);
    for (const id of ['data-good', 'data-short', 'data-shape', 'data-moved']) await ws.datasets.add(summary(id), X, Y);
    await ws.close();
    truncateSync(join(dir, 'datasets', 'data-short', 'Y.f64'), 16);
    const shapePath = join(dir, 'datasets', 'data-shape', 'dataset.json');
    const record = JSON.parse(readFileSync(shapePath, 'utf8')) as { arrays: { X: { shape: number[] } } };
    record.arrays.X.shape = [2, 3];
    writeFileSync(shapePath, JSON.stringify(record));
    const moved = join(dir, 'datasets', 'data-moved', 'dataset.json');
    writeFileSync(moved, readFileSync(moved, 'utf8').replace('"datasetId": "data-moved"', '"datasetId": "data-other"'));

    const again = await Workspace.open(dir);
    expect(again.datasets.list().map((d) => d.datasetId)).toEqual(['data-good']);
    expect(again.problems.find((p) => p.includes('data-short'))).toMatch(/Y\.f64: has 16 bytes, expected 24 \(3 doubles\)/);
    expect(again.problems.find((p) => p.includes('data-shape'))).toMatch(/arrays\.X\.shape \[2, 3\] differs from count × inputDim \[3, 2\]/);
    expect(again.problems.find((p) => p.includes('data-moved'))).toMatch(/datasetId 'data-other' differs from the folder name/);
    await again.close();
  });

  it('refuse arrays that do not match the summary, and ids that are not folder-safe', async () => {
    const ws = await Workspace.open(workspaceDir());
    await expect(ws.datasets.add(summary('data-x'), X.subarray(1), Y)).rejects.toThrow(/X has 5 and Y 3 values, expected 3 × 2 and 3 × 1/);
    await expect(ws.datasets.add(summary('../up'), X, Y)).rejects.toThrow(/not a valid id/);
    await ws.close();
  });

  it('leave an older workspace (no datasets/ folder, run.json without dataset) loading as before', async () => {
    const dir = workspaceDir();
    const ws = await Workspace.open(dir);
    const r = syntheticRun('run-old', null, 0);
    await ws.addRun(r.summary, r.architecture, r.arrays);
    await ws.close();
    rmSync(join(dir, 'datasets'), { recursive: true });
    const runJson = readFileSync(join(dir, 'runs', 'run-old', 'run.json'), 'utf8');
    expect(runJson).not.toMatch(/"dataset"/);
    const again = await Workspace.open(dir);
    expect(again.problems).toEqual([]);
    expect(again.listRuns().map((s) => s.runId)).toEqual(['run-old']);
    expect(again.listRuns()[0].spec.dataset).toBeUndefined();
    expect(again.datasets.list()).toEqual([]);
    expect(existsSync(join(dir, 'datasets'))).toBe(true);
    await again.close();
  });
});

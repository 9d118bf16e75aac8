/**
 * Data out through the API: `batches.export` (CSV / JSON / .npz of final θ) equals the stored runs
 * (CSV parsed by Python's csv module, npz by numpy), and `surface.export` returns a loss-landscape
 * .h5 whose centre is the loss at the run's θ (h5py), with clear errors for bad requests.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { StudioError } from '../../../contract/errors';
import type { StudioEvent } from '../../../contract/events';
import { loss } from '../../../native-workers/engine/derivatives/loss';
import { teacherDataset } from '../../../native-workers/engine/teachers/teachers';
import { python } from '../helpers/python';
import { useStudioService } from '../helpers/studioFixture';

const studio = useStudioService('exports');
const out = mkdtempSync(join(tmpdir(), 'exports-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function finished(jobIds: string[]): Promise<void> {
  const left = new Set(jobIds);
  return new Promise((resolve, reject) => {
    const check = (e: StudioEvent): void => {
      if (e.type === 'job.failed' && left.has(e.payload.jobId)) reject(new Error(e.payload.reason));
      if (e.type === 'job.done' && left.delete(e.payload.jobId) && left.size === 0) resolve();
    };
    studio.api.subscribe(check);
    for (const e of studio.events) check(e);
  });
}

function save(file: { fileName: string; base64: string; byteLength: number }): string {
  const bytes = Buffer.from(file.base64, 'base64');
  expect(bytes.length).toBe(file.byteLength);
  const path = join(out, file.fileName);
  writeFileSync(path, bytes);
  return path;
}

describe('exports through the API', () => {
  let batchId = '';

  it('batches.export: the CSV, JSON and final-θ npz hold every run of the batch', async () => {
    const started = await studio.api.call('experiments.start', { teacher: 'fig6', width: 3, seeds: [3, 4, 5], method: 'minimize', budgets: { maxSteps: 200 } });
    batchId = started.batchId!;
    await finished(started.jobs.map((j) => j.jobId));
    const { runs } = await studio.api.call('runs.list', { batchId });
    expect(runs).toHaveLength(3);

    const csv = await studio.api.call('batches.export', { batchId, format: 'csv' });
    expect(csv.mediaType).toBe('text/csv');
    expect(csv.fileName).toBe(`${batchId}.csv`);
    const rows = python<Record<string, string>[]>(`import sys, csv, json\nprint(json.dumps(list(csv.DictReader(open(sys.argv[1], newline='')))))`, save(csv));
    expect(rows.map((r) => r.run_id).sort()).toEqual(runs.map((r) => r.runId).sort());
    for (const run of runs) {
      const row = rows.find((r) => r.run_id === run.runId)!;
      expect(Number(row.seed)).toBe(run.spec.seed);
      expect(Number(row.width)).toBe(3);
      expect(Number(row.final_loss)).toBe(run.result.finalLoss);
      expect(Number(row.grad_norm)).toBe(run.result.gradNorm);
      expect(row.classification).toBe(run.result.classification ?? '');
      expect(row.index).toBe(run.result.index === null ? '' : String(run.result.index));
      expect(row.success).toBe(String(run.result.success));
    }

    const json = await studio.api.call('batches.export', { batchId, format: 'json' });
    const table = JSON.parse(Buffer.from(json.base64, 'base64').toString('utf8')) as { batch: { batchId: string }; runs: { run_id: string; final_loss: number }[] };
    expect(table.batch.batchId).toBe(batchId);
    expect(table.runs.map((r) => r.final_loss)).toEqual(rows.map((r) => Number(r.final_loss)));

    const npz = await studio.api.call('batches.export', { batchId, format: 'npz' });
    const z = python<{ shape: number[]; theta: number[][]; ids: string[] }>(
      `import sys, json, numpy as np\nz = np.load(sys.argv[1])\nprint(json.dumps({'shape': list(z['final_theta'].shape), 'theta': z['final_theta'].tolist(), 'ids': z['run_id'].tolist()}))`,
      save(npz),
    );
    expect(z.shape).toEqual([3, runs[0]!.parameterCount]);
    for (const [k, id] of z.ids.entries()) expect(z.theta[k]).toEqual((await studio.api.call('runs.get', { runId: id })).finalTheta);
  });

  it('surface.export: a loss-landscape .h5 of the run, centre = L(θ) at the run', async () => {
    const { runs } = await studio.api.call('runs.list', { batchId });
    const run = runs[0]!;
    const detail = await studio.api.call('runs.get', { runId: run.runId });
    const file = await studio.api.call('surface.export', { source: { kind: 'run', runId: run.runId }, plane: { kind: 'random', seed: 1 }, alphaRange: [-1, 1], betaRange: [-1, 1], resolution: 11, format: 'h5' });
    expect(file.fileName).toBe(`landscape-${run.runId}-final-random.h5`);
    const r = python<{ shape: number[]; centre: number; theta0: number[] }>(
      `import sys, json, h5py\nf = h5py.File(sys.argv[1], 'r')\nprint(json.dumps({'shape': list(f['train_loss'].shape), 'centre': float(f['train_loss'][5, 5]), 'theta0': f['theta0'][:].tolist()}))`,
      save(file),
    );
    expect(r.shape).toEqual([11, 11]);
    expect(r.theta0).toEqual(detail.finalTheta);
    const data = teacherDataset('fig6', { dataSeed: run.spec.dataSeed });
    const { architecture } = studio.service.workspace.getRunRecord(run.runId);
    expect(Math.abs(r.centre - loss(architecture, Float64Array.from(detail.finalTheta), data))).toBeLessThanOrEqual(1e-12);
  });

  it('names the problem: unknown batch, unknown run, bad plane', async () => {
    const missing = (await studio.api.call('batches.export', { batchId: 'batch-nope', format: 'csv' }).catch((e: unknown) => e)) as StudioError;
    expect(missing.code).toBe('not-found');
    expect(missing.message).toBe("batches.export: batchId: no batch 'batch-nope' in the workspace");
    const { runs } = await studio.api.call('runs.list', { batchId });
    const bad = (await studio.api
      .call('surface.export', { source: { kind: 'run', runId: runs[0]!.runId }, plane: { kind: 'eigenvectors', i: 0, j: 99 }, resolution: 3, format: 'vtp' })
      .catch((e: unknown) => e)) as StudioError;
    expect(bad.code).toBe('invalid');
    expect(bad.message).toMatch(/^surface\.export: plane\.j: 99 is out of range/);
  });
});

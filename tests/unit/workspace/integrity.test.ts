/** Reopening checks every stored array against its record; damaged batch records do not hide runs; one process per workspace. */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, truncateSync, unlinkSync, writeFileSync, appendFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkspaceLockedError } from '../../../main/workspace/lock';
import { Workspace } from '../../../main/workspace/workspace';
import { syntheticRun, tempDir } from '../helpers/service';

const cleanup: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

function workspaceDir(): string {
  const d = tempDir('integrity');
  cleanup.push(() => d.remove());
  return d.path;
}

async function openWs(root: string): Promise<Workspace> {
  const ws = await Workspace.open(root);
  cleanup.push(() => ws.close());
  return ws;
}

function batchRecord(batchId: string, seeds: number[]) {
  return {
    format: 'escape-studio/batch@1' as const,
    batchId,
    name: 'batch',
    createdAt: 1_700_000_000_000,
    spec: { teacher: 'fig3c' as const, dataSeed: 0, width: 2, init: 'glorot_normal' as const, method: 'minimize' as const, seeds, budgets: {}, settings: {}, recordTrajectory: true },
  };
}

describe('workspace integrity on reopen', () => {
  it('lists runs with missing, truncated or oversized arrays as damaged with the reason, never as finished', async () => {
    const root = workspaceDir();
    const ws = await Workspace.open(root);
    for (const id of ['run-ok', 'run-trunc', 'run-missing', 'run-big', 'run-json', 'run-empty']) {
      const r = syntheticRun(id, null, 0);
      await ws.addRun(r.summary, r.architecture, r.arrays);
    }
    await ws.close();
    const dir = (id: string) => join(root, 'runs', id);
    truncateSync(join(dir('run-trunc'), 'finalTheta.f64'), 40); // 5 of 9 doubles
    unlinkSync(join(dir('run-missing'), 'curveLoss.f64'));
    appendFileSync(join(dir('run-big'), 'trajectoryTheta.f64'), Buffer.alloc(8));
    writeFileSync(join(dir('run-json'), 'run.json'), '{"format": "escape-studio/run@1", "summ');
    truncateSync(join(dir('run-empty'), 'initialTheta.f64'), 0);

    const again = await openWs(root);
    expect(again.listRuns().map((r) => r.runId)).toEqual(['run-ok']);
    const damaged = Object.fromEntries(again.listDamaged().map((d) => [d.id, d.reason]));
    expect(Object.keys(damaged).sort()).toEqual(['run-big', 'run-empty', 'run-json', 'run-missing', 'run-trunc']);
    expect(damaged['run-trunc']).toContain('finalTheta.f64 (finalTheta) is truncated: 40 bytes, expected 72');
    expect(damaged['run-missing']).toContain('curveLoss.f64 (curveLoss) is missing');
    expect(damaged['run-big']).toContain('trajectoryTheta.f64 (trajectoryTheta) is oversized: 224 bytes, expected 216');
    expect(damaged['run-json']).toContain('not valid JSON');
    expect(damaged['run-empty']).toContain('initialTheta.f64 (initialTheta) is truncated: 0 bytes, expected 72');
    // A damaged run can be deleted by its id; the intact one still loads.
    expect(await again.deleteRun('run-trunc')).toBe(1);
    expect(existsSync(dir('run-trunc'))).toBe(false);
    expect(again.listDamaged().map((d) => d.id)).not.toContain('run-trunc');
    expect((await again.loadRun('run-ok')).arrays.finalTheta.length).toBe(9);
  });

  it('a corrupt batch.json does not hide its runs: the batch is rebuilt from them and can be deleted', async () => {
    const root = workspaceDir();
    const ws = await Workspace.open(root);
    await ws.createBatch(batchRecord('batch-c', [0, 1, 2, 3]));
    for (const seed of [0, 1, 2]) {
      const r = syntheticRun(`run-c${seed}`, 'batch-c', seed);
      await ws.addRun(r.summary, r.architecture, r.arrays);
    }
    await ws.close();
    writeFileSync(join(root, 'batches', 'batch-c', 'batch.json'), '{ not json');

    const again = await openWs(root);
    expect(again.listRuns('batch-c').map((r) => r.runId)).toEqual(['run-c0', 'run-c1', 'run-c2']);
    expect(again.rebuiltBatches.has('batch-c')).toBe(true);
    expect(again.listBatches()).toEqual([expect.objectContaining({ batchId: 'batch-c', seedCount: 3, finished: 3, teacher: 'fig3c', width: 2 })]);
    expect(again.problems.join('\n')).toContain('rebuilt from its 3 stored runs');
    expect(await again.deleteBatch('batch-c')).toBe(3);
    expect(existsSync(join(root, 'batches', 'batch-c'))).toBe(false);
  });

  it('a batch folder with neither a readable batch.json nor runs is listed as damaged and can be deleted', async () => {
    const root = workspaceDir();
    mkdirSync(join(root, 'batches', 'batch-e', 'runs'), { recursive: true });
    writeFileSync(join(root, 'batches', 'batch-e', 'batch.json'), '[]');
    const ws = await openWs(root);
    expect(ws.listDamaged()).toEqual([expect.objectContaining({ kind: 'batch', id: 'batch-e' })]);
    expect(await ws.deleteBatch('batch-e')).toBe(0);
    expect(existsSync(join(root, 'batches', 'batch-e'))).toBe(false);
  });

  it('lists and deletes stored analyses (a truncated one as damaged) and exports', async () => {
    const root = workspaceDir();
    const ws = await Workspace.open(root);
    const record = (id: string) => ({
      format: 'escape-studio/analysis@1' as const,
      analysisId: id,
      createdAt: 5,
      runId: null,
      which: null,
      loss: 1e-4,
      gradNorm: 1e-9,
      index: 1,
      classification: 'strict-saddle',
      parameterCount: 3,
      arrays: { eigenvalues: { file: 'eigenvalues.f64', shape: [3] }, escapeDirections: { file: 'escapeDirections.f64', shape: [1, 3] } },
    });
    await ws.addAnalysis(record('an-a'), Float64Array.from([-1, 0, 2]), Float64Array.from([1, 0, 0]));
    await ws.addAnalysis(record('an-b'), Float64Array.from([-1, 0, 2]), Float64Array.from([1, 0, 0]));
    mkdirSync(join(root, 'exports', 'run-x'), { recursive: true });
    writeFileSync(join(root, 'exports', 'run-x', 'run.json'), '{}\n');
    await ws.close();
    truncateSync(join(root, 'analyses', 'an-b', 'eigenvalues.f64'), 8);

    const again = await openWs(root);
    expect(again.listAnalyses().map((a) => a.analysisId)).toEqual(['an-a']);
    expect(again.listDamaged()).toEqual([expect.objectContaining({ kind: 'analysis', id: 'an-b' })]);
    expect(await again.deleteAnalysis('an-b')).toBe(1);
    expect(await again.deleteAnalysis('an-a')).toBe(1);
    expect(again.listAnalyses()).toEqual([]);
    expect(existsSync(join(root, 'analyses', 'an-a'))).toBe(false);
    expect((await again.listExports()).map((e) => [e.exportId, e.files, e.bytes])).toEqual([['run-x', ['run.json'], 3]]);
    expect(await again.deleteExport('run-x')).toBe(1);
    expect(await again.listExports()).toEqual([]);
    await expect(again.deleteExport('run-x')).rejects.toThrow("exportId: no export 'run-x'");
  });
});

describe('workspace lock', () => {
  it('a workspace held by another live process is refused with a clear error and its temp folders are left alone', async () => {
    const root = workspaceDir();
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    cleanup.push(() => void other.kill('SIGKILL'));
    await new Promise((r) => other.once('spawn', r));
    mkdirSync(join(root, 'runs', '.tmp-run-x-123'), { recursive: true });
    writeFileSync(join(root, '.lock'), JSON.stringify({ pid: other.pid, host: hostname(), since: Date.now() }));
    const error = await Workspace.open(root).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkspaceLockedError);
    expect((error as Error).message).toBe(
      `workspace ${root} is in use by process ${other.pid} (another escape-studio); close it first or choose another workspace folder`,
    );
    expect(existsSync(join(root, 'runs', '.tmp-run-x-123'))).toBe(true);
  });

  it('a read-only open (CLI export/surface) works while another process holds the lock, and changes nothing', async () => {
    const root = workspaceDir();
    const ws = await Workspace.open(root);
    const r = syntheticRun('run-ro', null, 0);
    await ws.addRun(r.summary, r.architecture, r.arrays);
    await ws.close();
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    cleanup.push(() => void other.kill('SIGKILL'));
    await new Promise((res) => other.once('spawn', res));
    writeFileSync(join(root, '.lock'), JSON.stringify({ pid: other.pid, host: hostname(), since: Date.now() }));
    mkdirSync(join(root, 'runs', '.tmp-run-z-789'), { recursive: true });
    const reader = await Workspace.open(root).catch(() => null);
    expect(reader).toBeNull(); // a writer is refused …
    const ro = await Workspace.open(root, { readOnly: true }); // … a reader is not
    expect(ro.listRuns().map((x) => x.runId)).toEqual(['run-ro']);
    await expect(ro.deleteRun('run-ro')).rejects.toThrow(`deleteRun: the workspace ${root} was opened read-only`);
    await ro.close();
    expect(existsSync(join(root, 'runs', '.tmp-run-z-789'))).toBe(true);
    expect(JSON.parse(readFileSync(join(root, '.lock'), 'utf8')).pid).toBe(other.pid);
  });

  it('takes over the lock of a process that is gone (kill -9) and releases it on close', async () => {
    const root = workspaceDir();
    const gone = spawn(process.execPath, ['-e', '']);
    await new Promise((r) => gone.once('exit', r));
    writeFileSync(join(root, '.lock'), JSON.stringify({ pid: gone.pid, host: hostname(), since: 1 }));
    mkdirSync(join(root, 'runs', '.tmp-run-y-456'), { recursive: true });
    const ws = await Workspace.open(root);
    expect(JSON.parse(readFileSync(join(root, '.lock'), 'utf8')).pid).toBe(process.pid);
    expect(existsSync(join(root, 'runs', '.tmp-run-y-456'))).toBe(false); // leftovers of the dead owner removed
    await ws.close();
    expect(existsSync(join(root, '.lock'))).toBe(false);
  });

  it('a lock held on another host is refused (the file says how to clear it)', async () => {
    const root = workspaceDir();
    writeFileSync(join(root, '.lock'), JSON.stringify({ pid: 1, host: 'elsewhere.example', since: 1 }));
    await expect(Workspace.open(root)).rejects.toThrow(`is in use by process 1 on elsewhere.example`);
  });
});

/**
 * `escape-studio surface` and `escape-studio export`: files read back by h5py / numpy / Python's
 * csv and ElementTree; the surface's centre checked against the PyTorch oracle's loss at θ₀.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { StudioEvent } from '../../../contract/events';
import { UsageError } from '../../../main/cli/args';
import { parseAxis, parseDirs } from '../../../main/cli/surfaceArgs';
import { loadOracleCase, ORACLE_DIR } from '../helpers/oracle';
import { python } from '../helpers/python';
import { useStudioService } from '../helpers/studioFixture';
import { runCli } from './runCli';

const out = mkdtempSync(join(tmpdir(), 'cli-surface-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));
const studio = useStudioService('cli-export');

describe('surface flags', () => {
  it('parses MIN:MAX:COUNT axes and the direction choices, and names what is wrong', () => {
    expect(parseAxis('x', '-1:1:51')).toEqual({ range: [-1, 1], count: 51 });
    expect(() => parseAxis('x', '1:-1:5')).toThrow(new UsageError("--x: MAX must be greater than MIN, got '1:-1:5'"));
    expect(() => parseAxis('y', '-1:1')).toThrow(/--y must be MIN:MAX:COUNT, e\.g\. --y=-1:1:51/);
    expect(() => parseAxis('x', '-1:1:2.5')).toThrow(/COUNT must be an integer in \[2, 1025\]/);
    expect(parseDirs('eig:0,7')).toEqual({ kind: 'eigenvectors', i: 0, j: 7 });
    expect(parseDirs('random-filter')).toEqual({ kind: 'random-filter' });
    expect(() => parseDirs('eig:2,2')).toThrow(/two different eigenvectors/);
    expect(() => parseDirs('hessian')).toThrow(/--dirs must be escape-curvature, random-filter, pca or eig:i,j/);
  });
});

describe('escape-studio surface', () => {
  it('writes a loss-landscape .h5 whose centre is the PyTorch loss at the checkpoint', async () => {
    const { expected, network } = loadOracleCase('case01');
    const path = join(out, 'case01.h5');
    const run = await runCli([
      'surface',
      '--checkpoint',
      join(ORACLE_DIR, 'case01.checkpoint.json'),
      '--data',
      join(ORACLE_DIR, 'case01.data.json'),
      '--out',
      path,
      '--x=-0.5:0.5:11',
      '--y=-0.5:0.5:11',
      '--dirs',
      'random-filter',
      '--json',
    ]);
    expect(run.stderr.split('\n').filter((l) => l && !l.startsWith('surface: '))).toEqual([]);
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout) as { resolution: number; axes: string[]; originLoss: number };
    expect(summary.axes[0]).toMatch(/^random filter-normalized \(seed 0, stream 0, ‖d‖ = /);
    const r = python<{ keys: string[]; shape: number[]; centre: number; theta0: number }>(
      `import sys, json, h5py\nf = h5py.File(sys.argv[1], 'r')\nprint(json.dumps({'keys': sorted(f.keys()), 'shape': list(f['train_loss'].shape), 'centre': float(f['train_loss'][5, 5]), 'theta0': len(f['theta0'])}))`,
      path,
    );
    expect(r.keys).toEqual(expect.arrayContaining(['xcoordinates', 'ycoordinates', 'train_loss']));
    expect(r.shape).toEqual([11, 11]);
    expect(r.theta0).toBe(network.theta.length);
    expect(Math.abs(r.centre - expected.loss)).toBeLessThanOrEqual(1e-12 * expected.loss);
  });

  it('refuses bad requests before computing, naming the flag', async () => {
    const base = ['surface', '--checkpoint', join(ORACLE_DIR, 'case01.checkpoint.json'), '--data', join(ORACLE_DIR, 'case01.data.json')];
    const txt = await runCli([...base, '--out', join(out, 's.txt')]);
    expect(txt.code).toBe(2);
    expect(txt.stderr).toMatch(/--out: '.*s\.txt' must end in \.npz, \.h5, \.vtp, \.vts/);
    const square = await runCli([...base, '--out', join(out, 's.npz'), '--x=-1:1:11', '--y=-1:1:21']);
    expect(square.stderr).toMatch(/--x and --y must have the same COUNT \(the grid is square\), got 11 and 21/);
    const pca = await runCli([...base, '--out', join(out, 's.npz'), '--dirs', 'pca']);
    expect(pca.code).toBe(2);
    expect(pca.stderr).toMatch(/--dirs pca needs a run with a recorded trajectory of at least 3 snapshots \(checkpoint .* has 0\)/);
  });
});

describe('escape-studio export and surface --run on a workspace', () => {
  let batchId = '';
  let runId = '';

  it('export --batch writes runs.csv / runs.json / final_theta.npz equal to the stored runs', async () => {
    const started = await studio.api.call('experiments.start', { teacher: 'fig6', width: 3, seeds: [7, 8], method: 'flow', budgets: { maxSteps: 300 } });
    batchId = started.batchId!;
    const left = new Set(started.jobs.map((j) => j.jobId));
    await new Promise<void>((resolve, reject) => {
      const check = (e: StudioEvent): void => {
        if (e.type === 'job.failed' && left.has(e.payload.jobId)) reject(new Error(e.payload.reason));
        if (e.type === 'job.done' && left.delete(e.payload.jobId) && left.size === 0) resolve();
      };
      studio.api.subscribe(check);
      for (const e of studio.events) check(e);
    });
    const { runs } = await studio.api.call('runs.list', { batchId });
    runId = runs[0]!.runId;
    const dir = join(out, 'batch');
    const run = await runCli(['export', '--batch', batchId, '--out', dir, '--workspace', studio.dir]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const rows = python<Record<string, string>[]>(`import sys, csv, json\nprint(json.dumps(list(csv.DictReader(open(sys.argv[1], newline='')))))`, join(dir, 'runs.csv'));
    expect(rows.map((r) => [r.run_id, Number(r.seed), Number(r.final_loss), Number(r.grad_norm), r.success])).toEqual(
      runs.map((r) => [r.runId, r.spec.seed, r.result.finalLoss, r.result.gradNorm, String(r.result.success)]),
    );
    const json = JSON.parse(readFileSync(join(dir, 'runs.json'), 'utf8')) as { runs: { seed: number }[] };
    expect(json.runs.map((r) => r.seed)).toEqual([7, 8]);
    const theta = python<number[][]>(`import sys, json, numpy as np\nprint(json.dumps(np.load(sys.argv[1])['final_theta'].tolist()))`, join(dir, 'final_theta.npz'));
    expect(theta[1]).toEqual((await studio.api.call('runs.get', { runId: runs[1]!.runId })).finalTheta);

    const single = await runCli(['export', '--run', runId, '--out', join(out, 'run'), '--workspace', studio.dir, '--json']);
    expect(single.code).toBe(0);
    expect((JSON.parse(single.stdout) as { files: string[] }).files.map((f) => f.slice(out.length))).toEqual(['/run/run.npz', '/run/run.json']);
  });

  it('surface --run --dirs pca writes a .vtp with the projected trajectory as a polyline', async () => {
    const detail = await studio.api.call('runs.get', { runId });
    const T = detail.trajectory.time.length;
    expect(T).toBeGreaterThanOrEqual(3);
    const path = join(out, 'pca.vtp');
    const run = await runCli(['surface', '--run', runId, '--workspace', studio.dir, '--dirs', 'pca', '--out', path, '--x=-1:1:9', '--y=-1:1:9']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/x: PC1 of the trajectory/);
    const piece = python<Record<string, string>>(
      `import sys, json\nimport xml.etree.ElementTree as ET\nprint(json.dumps(next(ET.parse(sys.argv[1]).getroot().iter('Piece')).attrib))`,
      path,
    );
    expect(piece).toMatchObject({ NumberOfPoints: String(81 + T), NumberOfLines: '1', NumberOfPolys: '64' });
    const missing = await runCli(['export', '--run', 'run-nope', '--out', join(out, 'x'), '--workspace', studio.dir]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe("escape-studio export: runId: no run 'run-nope' in the workspace\n");
    const noWorkspace = await runCli(['export', '--run', runId, '--out', join(out, 'x'), '--workspace', join(out, 'nowhere')]);
    expect(noWorkspace.stderr).toMatch(/^escape-studio export: no workspace at .*nowhere/);
  });
});

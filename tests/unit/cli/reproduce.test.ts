import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCheckpoint } from '../../../native-workers/engine/formats/checkpoint';
import { predict } from '../../../native-workers/engine/derivatives/forward';
import { initialize, Rng, teacherDataset, twoLayerArchitecture, writeNetworkFile } from '../../../native-workers/engine';
import { runCli } from './runCli';

const withoutTiming = (runs: { seconds: number }[]) => runs.map((r) => ({ ...r, seconds: 0 }));
const manifest = (dir: string) => JSON.parse(readFileSync(join(dir, 'recipe.json'), 'utf8'));
const SMALL = ['--seeds', '2', '--widths', '4-5', '--samples', '200', '--max-steps', '4000', '--no-png'];

describe('escape-studio reproduce / gather / grow', () => {
  const dir = mkdtempSync(join(tmpdir(), 'es-recipes-'));

  it('figD6-counts writes the exact App. D counts, a figure and an npz numpy reads', async () => {
    const run = await runCli(['reproduce', 'figD6-counts', '--out', 'd6'], dir);
    expect(run.code, run.stderr).toBe(0);
    const m = manifest(join(dir, 'd6'));
    expect(m.complete).toBe(true);
    expect(m.summary.examples['T(4,5)']).toBe('360');
    expect(m.summary.examples['R(4,4)']).toBe('51/24');
    const r4 = m.summary.curves.find((c: { r: number }) => c.r === 4);
    // R(4,5) = (G(3,5)+G(2,5)+G(1,5))/T(4,5) = (150+30+1)/360 < 1 < R(4,4) = 51/24
    expect(r4.firstBelowOne).toEqual({ m: 5, rho: 1.25 });
    expect(readFileSync(join(dir, 'd6', 'figure.svg'), 'utf8')).toMatch(/^<svg/);
    expect(readFileSync(join(dir, 'd6', 'figure.png')).subarray(1, 4).toString()).toBe('PNG');
    const py = execFileSync('/usr/bin/python3', ['-c', `import numpy as np; d=np.load('${join(dir, 'd6', 'data.npz')}'); print(d['rho_r4'][1], 10**d['log10R_r4'][1])`]).toString().trim().split(' ');
    expect(Number(py[0])).toBe(1.25);
    expect(Number(py[1])).toBeCloseTo(181 / 360, 12);
  });

  it('fig3c-scaling: shards gathered equal a local run of the same seeds; each width its own seeds', async () => {
    const local = await runCli(['reproduce', 'fig3c-scaling', ...SMALL, '--out', 'local', '--json'], dir);
    expect(local.code, local.stderr).toBe(0);
    for (const s of ['0/3', '1/3', '2/3']) {
      const r = await runCli(['reproduce', 'fig3c-scaling', ...SMALL, '--shard', s, '--out', `shard-${s[0]}`], dir);
      expect(r.code, r.stderr).toBe(0);
    }
    const g = await runCli(['gather', 'shard-0', 'shard-1', 'shard-2', '--out', 'merged', '--no-png'], dir);
    expect(g.code, g.stderr).toBe(0);
    const a = manifest(join(dir, 'local'));
    const b = manifest(join(dir, 'merged'));
    expect(withoutTiming(b.runs)).toEqual(withoutTiming(a.runs));
    const strip = (s: { widths: Record<string, unknown>[] }) => ({ ...s, widths: s.widths.map((w) => ({ ...w, meanSeconds: 0, p90Seconds: 0 })) });
    expect(strip(b.summary)).toEqual(strip(a.summary));
    expect(a.runs.map((r: { seed: number }) => r.seed)).toEqual([400000, 400001, 500000, 500001]);
    // the table counts what the runs say
    for (const w of a.summary.widths) {
      const runs = a.runs.filter((r: { width: number }) => r.width === w.width);
      expect(w.successes).toBe(runs.filter((r: { loss: number }) => r.loss < 1e-25).length);
    }
    // a shard folder refuses to be overwritten without --resume, and gather refuses an incomplete set
    const again = await runCli(['reproduce', 'fig3c-scaling', ...SMALL, '--out', 'local'], dir);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/pass --resume/);
    const partial = await runCli(['gather', 'shard-0', '--out', 'partial'], dir);
    expect(partial.stderr).toMatch(/runs are missing/);
  }, 120_000);

  it('--resume after an interruption finishes with the same results, rerunning nothing saved', async () => {
    const local = manifest(join(dir, 'local'));
    // an interrupted folder: recipe.json not complete, runs.jsonl holding 3 of 4 runs (+ a torn line)
    const cut = join(dir, 'cut');
    const first = await runCli(['reproduce', 'fig3c-scaling', ...SMALL, '--shard', '0/1', '--out', 'cut'], dir);
    expect(first.code).toBe(0);
    const lines = readFileSync(join(cut, 'runs.jsonl'), 'utf8').trim().split('\n');
    writeFileSync(join(cut, 'runs.jsonl'), lines.slice(0, 3).join('\n') + '\n' + lines[3].slice(0, 20));
    const resumed = await runCli(['reproduce', 'fig3c-scaling', ...SMALL, '--shard', '0/1', '--out', 'cut', '--resume'], dir);
    expect(resumed.code, resumed.stderr).toBe(0);
    const m = manifest(cut);
    expect(withoutTiming(m.runs)).toEqual(withoutTiming(local.runs));
    // the three saved runs were kept as they were (their timing included)
    expect(m.runs.slice(0, 3)).toEqual(lines.slice(0, 3).map((l) => JSON.parse(l)));
    const wrong = await runCli(['reproduce', 'fig3c-scaling', '--seeds', '3', '--widths', '4-5', '--samples', '200', '--max-steps', '4000', '--shard', '0/1', '--out', 'cut', '--resume'], dir);
    expect(wrong.stderr).toMatch(/other parameters/);
  }, 120_000);

  it('--workers 2 (worker pool) gives the same runs as in-thread', async () => {
    const r = await runCli(['reproduce', 'fig3c-scaling', ...SMALL, '--workers', '2', '--out', 'pooled'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(withoutTiming(manifest(join(dir, 'pooled')).runs)).toEqual(withoutTiming(manifest(join(dir, 'local')).runs));
  }, 120_000);

  it('--slurm prints a job-array script with one chunked shard per task', async () => {
    const r = await runCli(['reproduce', 'fig3c-scaling', '--slurm', '--array-size', '4', '--seeds', '100', '--workers', '2', '--out', 'scratch/fig3c'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^#!\/bin\/bash\n/);
    expect(r.stdout).toContain('#SBATCH --array=0-3');
    expect(r.stdout).toContain('#SBATCH --cpus-per-task=2');
    expect(r.stdout).toMatch(/reproduce fig3c-scaling --seeds 100 --workers 2 --out \/\S+\/scratch\/fig3c\/shard-\$\{SLURM_ARRAY_TASK_ID\} --shard \$\{SLURM_ARRAY_TASK_ID\}\/4 --resume/);
    // Slurm opens the log files in OUT before the script runs: the CLI made OUT
    expect(existsSync(join(dir, 'scratch', 'fig3c'))).toBe(true);
    const syntax = execFileSync('bash', ['-n'], { input: r.stdout });
    expect(syntax.toString()).toBe('');
  });

  it('rejects unknown recipes and bad flags in the user\'s words', async () => {
    expect((await runCli(['reproduce', 'fig9'], dir)).stderr).toMatch(/unknown recipe 'fig9' \(known: fig3c-scaling/);
    expect((await runCli(['reproduce', 'fig3c-scaling', '--widths', '7-4'], dir)).stderr).toMatch(/runs backwards/);
    expect((await runCli(['reproduce', 'fig3c-scaling', '--shard', '5/4'], dir)).stderr).toMatch(/0 ≤ i < n/);
    expect((await runCli(['reproduce', 'figD6-counts', '--seeds', '4'], dir)).stderr).toMatch(/figD6-counts has no --seeds/);
  });

  it('grow --to 7 keeps the ticket\'s function exactly (outgoing weights zero)', async () => {
    const arch = twoLayerArchitecture(2, 4, 1, 'relu');
    const ticket = { architecture: arch, theta: initialize(arch, 'glorot_normal', new Rng(400003)) };
    writeFileSync(join(dir, 'ticket.json'), writeNetworkFile(ticket, 'json'));
    const r = await runCli(['grow', '--checkpoint', 'ticket.json', '--to', '7', '--seed', '3', '--out', 'grown.json', '--json'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ from: 4, to: 7, added: [5, 6, 7] });
    const grown = parseCheckpoint(JSON.parse(readFileSync(join(dir, 'grown.json'), 'utf8')));
    expect(grown.architecture.layers[0].outputs).toBe(7);
    const data = teacherDataset('fig3a', { samples: 300 });
    const f0 = predict(arch, ticket.theta, data.X, data.count);
    const f1 = predict(grown.architecture, grown.theta, data.X, data.count);
    expect(Math.max(...f0.map((v, i) => Math.abs(v - f1[i])))).toBe(0);
    expect(existsSync(join(dir, 'grown.json'))).toBe(true);
    expect((await runCli(['grow', '--checkpoint', 'ticket.json', '--to', '3', '--seed', '1', '--out', 'x.json'], dir)).stderr).toMatch(/at least the current width 4/);
  });
});

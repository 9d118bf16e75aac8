/**
 * The Slurm job-array script as bash runs it (no Slurm needed: the real cluster test is
 * slurm.real.test.ts): each task's argv, paths with spaces and quotes, the $ESCAPE_STUDIO
 * override, the guard outside sbatch, and the limits on --array-size and --time.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shardRuns } from '../../../native-workers/engine';
import { recipeByName } from '../../../main/recipes/registry';
import { slurmScript } from '../../../main/recipes/slurm';

const dir = mkdtempSync(join(tmpdir(), 'es-slurm-script-'));
const out = join(dir, "it's a folder");
const params = { widths: [4, 5], seeds: 6, samples: 400 };
const script = slurmScript({ name: 'fig3c-scaling', params, flags: ['--seeds', '6', '--widths', '4,5', '--samples', '400'], arraySize: 4, workers: 2, out, command: ['node', join(dir, 'my bin', 'escape-studio.mjs')], timeLimit: '01:30:00' });

/** Runs the script as task `task` of the array with a fake CLI that prints its argv, one per line. */
function runTask(task: number | null, env: Record<string, string> = {}) {
  const fake = join(dir, 'fake-cli.sh');
  writeFileSync(fake, '#!/bin/bash\nprintf "%s\\n" "$@"\n');
  chmodSync(fake, 0o755);
  const r = spawnSync('bash', ['-c', script], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ESCAPE_STUDIO: fake, ...(task === null ? {} : { SLURM_ARRAY_TASK_ID: String(task) }), ...env },
  });
  return { status: r.status, argv: r.stdout.trim().split('\n'), stderr: r.stderr };
}

describe('Slurm job-array script', () => {
  it('declares the array, resources, logs and requeue for a real cluster', () => {
    expect(spawnSync('bash', ['-n'], { input: script }).status).toBe(0);
    const sbatch = script.split('\n').filter((l) => l.startsWith('#SBATCH'));
    expect(sbatch).toEqual([
      '#SBATCH --job-name=escape-fig3c-scaling',
      '#SBATCH --array=0-3',
      '#SBATCH --ntasks=1',
      '#SBATCH --cpus-per-task=2',
      '#SBATCH --time=01:30:00',
      `#SBATCH --output='${out.replace(/'/g, `'\\''`)}'/slurm-%A_%a.out`,
      `#SBATCH --error='${out.replace(/'/g, `'\\''`)}'/slurm-%A_%a.err`,
      '#SBATCH --open-mode=append',
      '#SBATCH --requeue',
    ]);
    // #SBATCH lines must come before the first command, or sbatch ignores them
    const firstCommand = script.split('\n').findIndex((l) => l && !l.startsWith('#'));
    const lastSbatch = script.split('\n').reduce((last, l, k) => (l.startsWith('#SBATCH') ? k : last), -1);
    expect(lastSbatch).toBeLessThan(firstCommand);
  });

  it('task i runs shard i/n of the run list, resumable, into its own folder (bash parses the quoting)', () => {
    for (const task of [0, 3]) {
      const r = runTask(task);
      expect(r.status, r.stderr).toBe(0);
      expect(r.argv).toEqual(['reproduce', 'fig3c-scaling', '--seeds', '6', '--widths', '4,5', '--samples', '400', '--workers', '2', '--out', `${out}/shard-${task}`, '--shard', `${task}/4`, '--resume']);
    }
    // the shards are contiguous chunks covering every planned run once (12 runs → 3 per task)
    const recipe = recipeByName('fig3c-scaling');
    const all = recipe.plan(recipe.resolve(params)).map((j) => j.planned.id);
    const chunks = [0, 1, 2, 3].map((i) => shardRuns(all, i, 4));
    expect(chunks.map((c) => c.length)).toEqual([3, 3, 3, 3]);
    expect(chunks.flat()).toEqual(all);
  });

  it('runs the repo CLI by absolute path with node from PATH unless $ESCAPE_STUDIO says otherwise', () => {
    expect(script).toContain(`CLI=(node '${join(dir, 'my bin', 'escape-studio.mjs')}')`);
    // print the command instead of running it: node, the path with its space, then the arguments
    const r = spawnSync('bash', ['-c', script.replace('"${CLI[@]}" reproduce', 'printf "%s\\n" "${CLI[@]}" reproduce')], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', SLURM_ARRAY_TASK_ID: '1' },
    });
    expect(r.stdout.split('\n').slice(0, 3)).toEqual(['node', join(dir, 'my bin', 'escape-studio.mjs'), 'reproduce']);
  });

  it('refuses to run outside sbatch, and limits --array-size to the planned runs and --time to Slurm formats', () => {
    const r = runTask(null);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/submit this script with sbatch/);
    const base = { name: 'fig3c-scaling', params, flags: [], workers: 1, out, command: ['escape-studio'] };
    expect(() => slurmScript({ ...base, arraySize: 13 })).toThrow(/--array-size must be in 1\.\.12 \(fig3c-scaling plans 12 runs/);
    expect(() => slurmScript({ ...base, arraySize: 0 })).toThrow(/--array-size must be in 1\.\.12/);
    expect(() => slurmScript({ ...base, name: 'fig5-hierarchy', params: {}, arraySize: 2 })).toThrow(/in 1\.\.1 \(fig5-hierarchy plans 1 run with/);
    expect(() => slurmScript({ ...base, arraySize: 2, timeLimit: '2h' })).toThrow(/--time must be a Slurm time limit such as 02:00:00/);
    for (const t of ['90', '1:30', '01:30:00', '2-12', '2-12:00:00']) expect(slurmScript({ ...base, arraySize: 2, timeLimit: t })).toContain(`#SBATCH --time=${t}\n`);
  });
});

/**
 * `reproduce --slurm` against a real single-node Slurm (Debian slurm-wlm + munge, which .ci/run
 * installs): the test starts it with scripts/slurm/startLocalSlurm.sh (or finds it running),
 * submits the job-array script of a small fig3c (4 tasks), waits, requeues one task whose shard
 * lost its last run (it must resume, rerunning only that run), gathers, and compares with the same
 * seeds run locally: every run identical (class, loss bit for bit; all fields but the timing).
 * Not installable / not startable here: the test FAILS saying why (it never skips).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/runCli';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BIN = join(ROOT, 'bin', 'escape-studio.mjs');
const FLAGS = ['--widths', '4,5', '--seeds', '6', '--samples', '400', '--no-png'];
const TASKS = 4;
const TOTAL_WAIT_MS = 5 * 60_000;
const ACTIVE = /PENDING|RUNNING|CONFIGURING|COMPLETING|REQUEUE|RESIZING|SUSPENDED|STAGE_OUT|SIGNALING/;

interface Shell {
  status: number | null;
  stdout: string;
  stderr: string;
}
const sh = (cmd: string, args: readonly string[], options: { cwd?: string; timeout?: number } = {}): Shell => {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: options.timeout ?? 60_000, ...(options.cwd ? { cwd: options.cwd } : {}) });
  return { status: r.status, stdout: r.stdout ?? '', stderr: (r.stderr ?? '') + (r.error ? String(r.error) : '') };
};
const have = (tool: string) => sh('sh', ['-c', `command -v ${tool}`]).status === 0;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const manifest = (dir: string) => JSON.parse(readFileSync(join(dir, 'recipe.json'), 'utf8'));
const withoutTiming = (runs: { seconds: number }[]) => runs.map((r) => ({ ...r, seconds: 0 }));

/** `<id>_<task> <STATE>` lines of an array job (every state: finished tasks stay listed for MinJobAge). */
function taskStates(jobId: string): string[] {
  const r = sh('squeue', ['-h', '-j', jobId, '-t', 'all', '-o', '%i %T']);
  return r.status === 0 ? r.stdout.trim().split('\n').filter(Boolean) : [`squeue failed: ${r.stderr.trim()}`];
}

describe('reproduce --slurm on a real Slurm', () => {
  const dir = mkdtempSync(join(tmpdir(), 'es-slurm-'));
  const out = join(dir, 'slurm');
  const jobName = `escape-test-${process.pid}-${Date.now().toString(36)}`;
  let startedHere = false;
  const submitted: string[] = [];

  beforeAll(() => {
    const missing = ['sbatch', 'squeue', 'scancel', 'scontrol', 'sinfo', 'slurmctld', 'slurmd', 'munged'].filter((t) => !have(t));
    if (missing.length)
      throw new Error(`Slurm is not installed here (missing: ${missing.join(', ')}). Install the Debian packages slurm-wlm and munge (apt-get install -y slurm-wlm munge; .ci/run does); this test needs a real Slurm and does not skip.`);
    const up = sh('sinfo', ['-h', '-o', '%T']);
    const usable = up.status === 0 && /idle|mixed|allocated|completing/.test(up.stdout);
    if (!usable) {
      if (process.getuid?.() !== 0)
        throw new Error(`Slurm is installed but not running (sinfo: ${(up.stderr || up.stdout).trim()}), and starting it needs root: run scripts/slurm/startLocalSlurm.sh as root first.`);
    }
    if (process.getuid?.() === 0) {
      // Idempotent: finds a running local cluster, or starts munged/slurmctld/slurmd and waits for the node.
      const start = sh('bash', [join(ROOT, 'scripts/slurm/startLocalSlurm.sh')], { timeout: 120_000 });
      if (start.status !== 0) throw new Error(`scripts/slurm/startLocalSlurm.sh failed (exit ${start.status}): ${start.stderr.trim()}`);
      startedHere = start.stdout.trim().split('\n').pop() === 'started';
    }
  }, 150_000);

  afterAll(() => {
    for (const id of submitted) sh('scancel', [id]);
    if (startedHere && process.env.ESCAPE_KEEP_SLURM !== '1') sh('bash', [join(ROOT, 'scripts/slurm/stopLocalSlurm.sh')]);
    rmSync(dir, { recursive: true, force: true });
  });

  /** Waits (bounded) until no task of the job is active; cancels it and fails with its logs otherwise. */
  async function waitFor(jobId: string, deadline: number, what: string): Promise<string[]> {
    for (;;) {
      const states = taskStates(jobId);
      if (!states.some((s) => ACTIVE.test(s))) return states;
      if (Date.now() > deadline) {
        sh('scancel', [jobId]);
        const logs = existsSync(out)
          ? readdirSync(out)
              .filter((f) => f.endsWith('.err'))
              .map((f) => `${f}: ${readFileSync(join(out, f), 'utf8').slice(-400)}`)
          : [];
        throw new Error(`${what}: job ${jobId} not finished within ${TOTAL_WAIT_MS / 1000} s (cancelled): ${states.join('; ')}\n${logs.join('\n')}`);
      }
      await sleep(1000);
    }
  }

  function submit(args: readonly string[]): string {
    const r = sh('sbatch', ['--parsable', `--job-name=${jobName}`, ...args], { cwd: dir });
    if (r.status !== 0) throw new Error(`sbatch ${args.join(' ')} failed: ${r.stderr.trim()}`);
    const id = r.stdout.trim().split(';')[0];
    submitted.push(id);
    return id;
  }

  it('a 4-task job array of fig3c, one task requeued after losing a run, gathers to the local run', async () => {
    const deadline = Date.now() + TOTAL_WAIT_MS;
    // The job script, written by the repo's CLI run as a user would (node from PATH, bin by absolute path).
    const gen = sh('node', [BIN, 'reproduce', 'fig3c-scaling', ...FLAGS, '--slurm', '--array-size', String(TASKS), '--out', out], { cwd: dir, timeout: 120_000 });
    expect(gen.status, gen.stderr).toBe(0);
    const script = gen.stdout;
    expect(script).toContain(`#SBATCH --array=0-${TASKS - 1}`);
    expect(script).toContain('#SBATCH --cpus-per-task=1');
    expect(script).toContain(`#SBATCH --output=${out}/slurm-%A_%a.out`);
    expect(script).toContain(`#SBATCH --error=${out}/slurm-%A_%a.err`);
    expect(script).toContain('#SBATCH --requeue');
    expect(script).toContain(`CLI=(node ${BIN})`);
    expect(script).toMatch(/--out \S+\/shard-\$\{SLURM_ARRAY_TASK_ID\} --shard \$\{SLURM_ARRAY_TASK_ID\}\/4 --resume/);
    // Slurm opens the log files before the script runs, so the CLI made the folder.
    expect(existsSync(out)).toBe(true);
    writeFileSync(join(dir, 'job.sh'), script);

    const jobId = submit([join(dir, 'job.sh')]);
    const states = await waitFor(jobId, deadline, 'job array');
    // Every task ran and completed (states are listed per task for MinJobAge after the end).
    expect(states.sort()).toEqual(Array.from({ length: TASKS }, (_, k) => `${jobId}_${k} COMPLETED`).sort());
    for (let k = 0; k < TASKS; k++) {
      const m = manifest(join(out, `shard-${k}`));
      expect(m.complete, `shard ${k}`).toBe(true);
      expect(m.shard).toEqual({ index: k, count: TASKS });
      expect(m.runs).toHaveLength(3); // 12 runs in 4 contiguous chunks
    }

    // A task preempted after two of its three runs: requeue it; --resume keeps the two, reruns the third.
    const shard2 = join(out, 'shard-2');
    const lines = readFileSync(join(shard2, 'runs.jsonl'), 'utf8').trim().split('\n');
    writeFileSync(join(shard2, 'runs.jsonl'), lines.slice(0, 2).join('\n') + '\n');
    const requeue = sh('scontrol', ['requeue', `${jobId}_2`]);
    expect(requeue.status, requeue.stderr).toBe(0);
    // Slurm delays a requeued job's start (BeginTime now + 2 min): let it start now.
    sh('scontrol', ['update', `jobid=${jobId}_2`, 'StartTime=now']);
    const after = await waitFor(jobId, deadline, 'requeued task');
    expect(after).toContain(`${jobId}_2 COMPLETED`);
    const again = readFileSync(join(shard2, 'runs.jsonl'), 'utf8').trim().split('\n');
    expect(again.slice(0, 2)).toEqual(lines.slice(0, 2)); // kept as they were, timing included
    expect(withoutTiming([JSON.parse(again[2])])).toEqual(withoutTiming([JSON.parse(lines[2])]));
    expect(readFileSync(join(out, `slurm-${jobId}_2.err`), 'utf8')).toMatch(/2\/3 runs/); // resumed at 2 of 3, appended log

    const gather = sh('node', [BIN, 'gather', ...Array.from({ length: TASKS }, (_, k) => join(out, `shard-${k}`)), '--out', join(out, 'merged'), '--no-png', '--json'], { cwd: dir, timeout: 120_000 });
    expect(gather.status, gather.stderr).toBe(0);

    const local = await runCli(['reproduce', 'fig3c-scaling', ...FLAGS, '--out', 'local'], dir);
    expect(local.code, local.stderr).toBe(0);
    const a = manifest(join(dir, 'local'));
    const b = manifest(join(out, 'merged'));
    expect(a.runs).toHaveLength(12);
    expect(b.runs.map((r: { id: string }) => r.id)).toEqual(a.runs.map((r: { id: string }) => r.id));
    for (const [k, r] of a.runs.entries()) {
      const s = b.runs[k];
      expect(s.seed).toBe(r.seed);
      expect(s.classification, r.id).toBe(r.classification);
      expect(Object.is(s.loss, r.loss), `${r.id}: loss ${s.loss} vs ${r.loss}`).toBe(true);
    }
    expect(withoutTiming(b.runs)).toEqual(withoutTiming(a.runs));
    const strip = (s: { widths: Record<string, unknown>[] }) => ({ ...s, widths: s.widths.map((w) => ({ ...w, meanSeconds: 0, p90Seconds: 0 })) });
    expect(strip(b.summary)).toEqual(strip(a.summary));
  }, 420_000);
});

/**
 * The GPU phase of a batch run in a child process (tests/unit/gpu/firstOrderBatchChild.ts: Dawn in a
 * process of its own, as in the product), its gpuFinish payloads back with θ as Float64Array.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { RunSpec } from '../../../contract/experiment';
import type { TaskPayload } from '../../../contract/tasks';
import type { GpuTrainOptions } from '../../../native-workers/gpu/batchTrainer';

const repo = join(__dirname, '../../..');

export async function gpuPhaseInChild(specs: RunSpec[], kernel?: Partial<GpuTrainOptions>): Promise<TaskPayload<'gpuFinish'>[]> {
  const dir = mkdtempSync(join(tmpdir(), 'gpu-phase-'));
  try {
    writeFileSync(join(dir, 'specs.json'), JSON.stringify({ specs, kernel }));
    const child = join(repo, 'tests/unit/gpu/firstOrderBatchChild.ts');
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', child, join(dir, 'specs.json')], { cwd: repo, maxBuffer: 64 * 1024 * 1024, timeout: 300_000 });
    return (JSON.parse(stdout) as (TaskPayload<'gpuFinish'> & { gpu: { theta: number[] } })[]).map((p) => ({ ...p, gpu: { ...p.gpu, theta: Float64Array.from(p.gpu.theta) } }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Interactive work never waits (issue 9 §3): landscape frames of a stored run while a 200-seed
 * flow batch keeps the regular worker busy, on this machine's default pool (cores − 1 workers)
 * with the reserved interactive worker — and, as the baseline in the same run, the same requests
 * with no reserved worker (the interactive lane still jumps the queue, but must wait for the
 * batch job that is running), and the same requests with no batch at all (idle). Goals: first
 * surface frame (17²) ≤ 0.5 s, 65² ≤ 2 s during the batch.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchCase } from '../harness';
import type { StudioApi } from '../../contract/api';
import type { MethodParams } from '../../contract/methods';
import { localStudioApi } from '../../main/services/localApi';
import { StudioService } from '../../main/services/studioService';
import { computeWorkerEntry } from '../../native-workers/pool/entry';

interface Studio {
  readonly service: StudioService;
  readonly api: StudioApi;
  readonly runId: string;
  readonly dir: string;
}

/** A studio with one stored fig6 run and a 200-seed fig3c flow batch running. */
async function studioUnderBatch(reservedWorkers: number, batch: boolean): Promise<Studio> {
  const dir = mkdtempSync(join(tmpdir(), 'escape-bench-priority-'));
  const service = await StudioService.open({ workspaceDir: dir, workerEntry: computeWorkerEntry(), reservedWorkers });
  const api = localStudioApi(service);
  const started = await api.call('experiments.start', { teacher: 'fig6', width: 3, seeds: [4], method: 'minimize' });
  const runId = started.jobs[0]!.runId;
  await new Promise<void>((resolve) => {
    const off = api.subscribe((e) => {
      if ((e.type === 'job.done' || e.type === 'job.failed') && e.payload.runId === runId) {
        off();
        resolve();
      }
    });
  });
  if (batch) await api.call('experiments.start', { teacher: 'fig3c', width: 4, seeds: Array.from({ length: 200 }, (_, i) => i), method: 'flow' });
  // Let the batch occupy the regular worker (and the reserved one start) before timing.
  await new Promise((r) => setTimeout(r, 3000));
  return { service, api, runId, dir };
}

async function close(studio: Studio): Promise<void> {
  await studio.service.shutdown();
  rmSync(studio.dir, { recursive: true, force: true });
}

function frame(studio: Studio, resolution: number): Promise<unknown> {
  const request: MethodParams<'landscape'> = { source: { kind: 'run', runId: studio.runId }, plane: { kind: 'escape-curvature' }, resolution };
  return studio.api.call('landscape', request);
}

function cases(label: string, reservedWorkers: number, batch: boolean, targets: boolean): BenchCase[] {
  let studio: Promise<Studio> | null = null;
  const open = (): Promise<Studio> => (studio ??= studioUnderBatch(reservedWorkers, batch));
  const scope = batch ? 'duringBatch' : 'idle';
  return [
    {
      name: `priority.${scope}.${label}.frame17`,
      ...(targets ? { targetMs: 500 } : {}),
      setup: open,
      run: (s) => frame(s as Studio, 17),
      warmup: 1,
      repetitions: 10,
      maxSeconds: 20,
    },
    {
      name: `priority.${scope}.${label}.frame65`,
      ...(targets ? { targetMs: 2000 } : {}),
      setup: open,
      run: (s) => frame(s as Studio, 65),
      warmup: 1,
      repetitions: 5,
      maxSeconds: 30,
      teardown: (s) => close(s as Studio),
    },
  ];
}

export default [...cases('reservedWorker', 1, true, true), ...cases('noReservedWorker', 0, true, false), ...cases('reservedWorker', 1, false, false)];

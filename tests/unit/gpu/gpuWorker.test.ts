/**
 * The GPU worker process (native-workers/gpu/gpu.worker.ts) for real, on whatever adapter Dawn
 * finds (SwiftShader here), small batches only (B = 8, ≤ 200 steps):
 * - a fig3c batch through the worker equals runGpuFlow in a process of its own (the in-process
 *   path: firstOrderBatchChild.ts) bit for bit — same f32 kernel, same end points, same stops;
 * - SIGKILL of the worker mid-batch fails the service's jobs with "the GPU worker stopped (killed
 *   by SIGKILL)" (none hangs), and the service still answers and starts a new worker; a GPU batch
 *   cancelled mid-flow (jobs.cancel) ends its runs cancelled, the worker still running;
 * - cancel ends a flow within a bounded time: cooperatively (the worker lives on) or, when the
 *   worker is stopped (SIGSTOP: a dispatch that never returns), by killing it after the grace.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { StudioEvent } from '../../../contract/events';
import type { RunSpec } from '../../../contract/experiment';
import type { ExperimentRunner } from '../../../main/services/experiments';
import { localStudioApi } from '../../../main/services/localApi';
import { StudioService } from '../../../main/services/studioService';
import { GpuCancelledError, type GpuTrainOptions } from '../../../native-workers/gpu/batchTrainer';
import { GpuWorkerBackend } from '../../../native-workers/gpu/workerBackend';
import { computeWorkerEntry } from '../../../native-workers/pool/entry';
import { gpuPhaseInChild } from '../helpers/gpuPhaseChild';
import { tempDir } from '../helpers/service';

const spec = (seed: number, maxSteps = 200): RunSpec => ({
  teacher: 'fig3c', samples: null, dataSeed: 0, width: 4, activation: 'relu', init: 'glorot_normal', method: 'flow', seed,
  budgets: { maxSteps }, settings: {}, recordTrajectory: false,
});
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];
/** One step per dispatch and a read-back after each: many progress messages, so a test can act mid-batch. */
const FINE: Partial<GpuTrainOptions> = { stepsPerDispatch: 1, dispatchesPerCheck: 1 };

const inProcess = gpuPhaseInChild;

/** Resolves at the first progress message of a flow (the worker is then inside its dispatch loop). */
function firstProgress(): { onProgress: () => void; reached: Promise<void> } {
  let hit: () => void = () => undefined;
  const reached = new Promise<void>((r) => (hit = r));
  return { onProgress: () => hit(), reached };
}

const backends: GpuWorkerBackend[] = [];
afterAll(async () => {
  for (const b of backends) await b.close();
});

describe('GPU batches in the GPU worker process', () => {
  it('a fig3c batch through the worker equals the in-process GPU flow bit for bit', async () => {
    const specs = SEEDS.map((s) => spec(s));
    const b = new GpuWorkerBackend();
    backends.push(b);
    const [worker, reference] = [await b.flow({ specs }), await inProcess(specs)];
    expect(worker.payloads).toHaveLength(SEEDS.length);
    worker.payloads.forEach((p, i) => {
      const r = reference[i]!;
      expect(p.spec).toEqual(r.spec);
      const { seconds: _a, theta, ...phase } = p.gpu;
      const { seconds: _b, theta: refTheta, ...refPhase } = r.gpu;
      expect(phase, `seed ${p.spec.seed}`).toEqual(refPhase);
      expect(theta).toBeInstanceOf(Float64Array);
      // Bit for bit: every f32 parameter the same (Object.is also separates ±0).
      expect(Array.from(theta).every((v, k) => Object.is(v, refTheta[k])), `seed ${p.spec.seed}`).toBe(true);
    });
    // The students did train (not a trivially equal pair of θ₀).
    expect(worker.payloads.some((p) => p.gpu.steps > 0 && p.gpu.loss !== null)).toBe(true);
  }, 300_000);

  it('cancel: a cooperative stop leaves the worker running; a stopped worker is killed after the grace time', async () => {
    const b = new GpuWorkerBackend({ cancelGraceMs: 500 });
    backends.push(b);
    const first = firstProgress();
    let stop = false;
    const flow = b.flow({ specs: SEEDS.map((s) => spec(s, 200)), kernel: FINE, onProgress: first.onProgress, shouldStop: () => stop });
    await first.reached;
    const pid = b.pid;
    const t0 = Date.now();
    stop = true;
    await expect(flow).rejects.toBeInstanceOf(GpuCancelledError);
    const cooperativeMs = Date.now() - t0;
    expect(cooperativeMs).toBeLessThan(10_000);
    expect(b.pid).toBe(pid); // same worker, still there
    expect((await b.probe()).adapter).not.toBeNull();

    // SIGSTOP: the worker no longer answers anything (as in a dispatch that never returns).
    const second = firstProgress();
    let stop2 = false;
    const flow2 = b.flow({ specs: SEEDS.map((s) => spec(s, 200)), kernel: FINE, onProgress: second.onProgress, shouldStop: () => stop2 });
    await second.reached;
    process.kill(b.pid!, 'SIGSTOP');
    const t1 = Date.now();
    stop2 = true;
    await expect(flow2).rejects.toBeInstanceOf(GpuCancelledError);
    expect(Date.now() - t1).toBeLessThan(10_000);
    expect(b.lastStop).toBe('it did not stop within 500 ms of a cancel');
    expect(b.pid).toBeUndefined();
  }, 300_000);

  it('SIGKILL of the worker mid-batch fails the batch with the reason, no job hangs, the service goes on; a cancelled batch ends cancelled', async () => {
    const dir = tempDir('gpu-worker-death');
    const service = await StudioService.open({ workspaceDir: dir.path, workerEntry: computeWorkerEntry(), poolSize: 1 });
    try {
      const api = localStudioApi(service);
      const events: StudioEvent[] = [];
      api.subscribe((e) => events.push(e));
      const runner = (service as unknown as { experiments: ExperimentRunner }).experiments;
      const worker = runner.gpu as GpuWorkerBackend;
      // The service's own worker backend, with fine read-backs; `atFirstProgress` acts inside the batch.
      const flowEnds: string[] = [];
      let killed = false;
      let atFirstProgress: () => void = () => {
        killed = true;
        process.kill(worker.pid!, 'SIGKILL');
      };
      runner.gpu = {
        probe: () => worker.probe(),
        flow: (input) => {
          let first = true;
          return worker.flow({
            ...input,
            kernel: FINE,
            onProgress: (running, total) => {
              input.onProgress?.(running, total);
              if (first) atFirstProgress();
              first = false;
            },
          }).then(
            (out) => (flowEnds.push('done'), out),
            (error: Error) => {
              flowEnds.push(error.name);
              throw error;
            },
          );
        },
        close: () => worker.close(),
      };
      const r = await api.call('experiments.start', { teacher: 'fig3c', width: 4, activation: 'relu', method: 'flow', seeds: [1, 2, 3, 4], budgets: { maxSteps: 200 }, recordTrajectory: false, device: 'gpu' });
      expect(r.device).toBe('gpu');
      const ids = new Set(r.jobs.map((j) => j.jobId));
      const failed = () => events.flatMap((e) => (e.type === 'job.failed' && ids.has(e.payload.jobId) ? [e.payload] : []));
      await expect.poll(() => failed().length, { timeout: 60_000 }).toBe(4);
      expect(killed).toBe(true);
      for (const f of failed()) {
        expect(f.cancelled).toBe(false);
        expect(f.reason).toContain('the GPU worker stopped (killed by SIGKILL); the batch fails; batches.resume reruns its runs');
      }
      expect((await api.call('runs.list', { batchId: r.batchId! })).runs).toHaveLength(0);
      // A new worker answers the next probe.
      expect((await api.call('system.gpu', {})).adapter).not.toBeNull();

      // Cancelling a GPU batch mid-flow: its runs end cancelled (not failed), the worker lives on.
      let inFlow: () => void = () => undefined;
      const flowing = new Promise<void>((resolve) => (inFlow = resolve));
      atFirstProgress = () => inFlow();
      const pid = worker.pid;
      const c = await api.call('experiments.start', { teacher: 'fig3c', width: 4, activation: 'relu', method: 'flow', seeds: [5, 6], budgets: { maxSteps: 200 }, recordTrajectory: false, device: 'gpu' });
      await flowing;
      await api.call('jobs.cancel', { batchId: c.batchId! });
      const cIds = new Set(c.jobs.map((j) => j.jobId));
      const ended = () => events.flatMap((e) => (e.type === 'job.failed' && cIds.has(e.payload.jobId) ? [e.payload] : []));
      await expect.poll(() => ended().length, { timeout: 30_000 }).toBe(2);
      expect(ended().every((f) => f.cancelled)).toBe(true);
      // The GPU phase itself was stopped (not run to its end for nobody), the worker kept.
      expect(flowEnds).toEqual(['GpuWorkerStoppedError', 'GpuCancelledError']);
      expect(worker.pid).toBe(pid);
    } finally {
      await service.shutdown();
      dir.remove();
    }
  }, 300_000);
});

/**
 * A recipe's `train` runs on the GPU (recipe parameter `device`: gpu / auto; fig3c-scaling): runs
 * of one spec but the seed (one width) go to the GPU f32 flow together, then each end point to a
 * worker pool as a `gpuFinish` task (the CPU float64 finish), so every run record is the CPU
 * train task's shape. Computed runs, runs the kernel cannot train (gpuUnsupported), and everything
 * when there is no adapter go to the CPU executor (`cpu`); `note` receives the reason once. The CLI
 * uses a GPU worker process (Dawn) and a finish pool of its own; the studio passes its GPU backend
 * and its pool (`GpuExecutorOptions`), which this executor then never closes.
 */
import { AUTO_GPU_MIN_SEEDS } from '../../contract/gpu';
import { TASKS, type TaskPayload } from '../../contract/tasks';
import { gpuUnsupported } from '../../native-workers/gpu/gpuBatch';
import { computeWorkerEntry } from '../../native-workers/pool/entry';
import { WorkerPool } from '../../native-workers/pool/pool';
import { workerGpu, type GpuBackend } from '../services/gpuBatches';
import { submitTask } from '../services/taskClient';
import { toRecord, type Executor } from './executor';
import type { RunJob } from './types';

export interface GpuExecutorOptions {
  /** The GPU (default: a GPU worker process of its own, closed with the executor). */
  readonly backend?: GpuBackend;
  /** The pool for the CPU finishes (default: one of its own with `workers` workers, closed with the executor). */
  readonly pool?: WorkerPool;
  /** Called once per batch of jobs with where its train runs went ('gpu' when any went to the GPU). */
  readonly onDevice?: (device: 'cpu' | 'gpu') => void;
}

export function gpuExecutor(cpu: Executor, device: 'gpu' | 'auto', workers: number, note: (message: string) => void, options: GpuExecutorOptions = {}): Executor {
  const backend = options.backend ?? workerGpu();
  let pool: WorkerPool | null = options.pool ?? null;
  return {
    async run(jobs, onDone, stopped, context) {
      const groups = new Map<string, { job: RunJob; payload: TaskPayload<'train'> }[]>();
      const rest: RunJob[] = [];
      for (const job of jobs) {
        const payload = job.compute ? null : TASKS.train.payload.parse(job.payload);
        if (!payload || payload.initialTheta !== null || gpuUnsupported(payload.spec) !== null) {
          rest.push(job);
          continue;
        }
        const { seed: _seed, ...shape } = payload.spec;
        const key = JSON.stringify({ shape, architecture: payload.architecture ?? null });
        if (!groups.has(key)) groups.set(key, []);
        groups.get(key)!.push({ job, payload });
      }
      const probe = groups.size > 0 ? await backend.probe() : null;
      if (probe && !probe.adapter) {
        if (device === 'gpu') note(`device gpu: ${probe.reason}; the runs go to the CPU`);
        options.onDevice?.('cpu');
        return cpu.run(jobs, onDone, stopped, context);
      }
      for (const [key, members] of groups)
        if (device === 'auto' && members.length < AUTO_GPU_MIN_SEEDS) {
          rest.push(...members.map((m) => m.job));
          groups.delete(key);
        }
      if (jobs.length) options.onDevice?.(groups.size > 0 ? 'gpu' : 'cpu');
      if (rest.length) await cpu.run(rest, onDone, stopped, context);
      pool ??= new WorkerPool({ entry: computeWorkerEntry(), size: Math.max(1, workers), reservedWorkers: 0 });
      const finishPool = pool;
      for (const members of groups.values()) {
        if (stopped()) return;
        const flow = await backend.flow({ specs: members.map((m) => m.payload.spec), ...(members[0]!.payload.architecture ? { architecture: members[0]!.payload.architecture } : {}), shouldStop: stopped });
        const inFlight = new Set<{ cancel(): void }>();
        const watcher = setInterval(() => {
          if (stopped()) for (const j of inFlight) j.cancel();
        }, 50);
        try {
          await Promise.all(
            members.map(async ({ job }, i) => {
              const task = submitTask(finishPool, 'gpuFinish', flow.payloads[i]!);
              inFlight.add(task.poolJob);
              try {
                const r = await task.result;
                // The CPU finish plus this run's share of the GPU phase.
                await onDone(toRecord(job, r, r.result.gpu?.seconds ?? 0));
              } catch (error) {
                if (!stopped()) throw error;
              } finally {
                inFlight.delete(task.poolJob);
              }
            }),
          );
        } finally {
          clearInterval(watcher);
        }
      }
    },
    async close() {
      await cpu.close();
      if (options.pool) return; // the studio's pool and Dawn outlive this executor
      await pool?.close();
      // Our own GPU worker process ends with the executor (a given backend belongs to its owner).
      if (!options.backend) await backend.close?.();
    },
  };
}

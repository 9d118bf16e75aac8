/**
 * Executes a recipe's runs: in this thread (one at a time; the CLI's default for --workers 1) or on
 * the worker pool (K in flight). Both call the same `train` task (native-workers/tasks/train.ts),
 * so a run's result does not depend on where it ran.
 */
import { TASKS } from '../../contract/tasks';
import { WorkerPool } from '../../native-workers/pool/pool';
import { computeWorkerEntry } from '../../native-workers/pool/entry';
import { trainTask } from '../../native-workers/tasks/train';
import { submitTask } from '../services/taskClient';
import type { RunJob, RunRecord } from './types';

type TrainResult = ReturnType<typeof trainTask>;

function toRecord(job: RunJob, r: TrainResult): RunRecord {
  const p = job.planned;
  return {
    id: p.id,
    condition: p.condition,
    width: p.width,
    seed: p.seed,
    loss: r.result.finalLoss,
    gradNorm: r.result.gradNorm,
    classification: r.result.classification,
    stoppedBy: r.result.stoppedBy,
    steps: r.result.steps,
    odeTime: r.result.odeTime,
    seconds: r.result.seconds,
    finalTheta: Array.from(r.finalTheta),
  };
}

export interface Executor {
  /** Runs the jobs, calling onDone as each finishes (in completion order); stops early when stopped(). */
  run(jobs: readonly RunJob[], onDone: (record: RunRecord) => Promise<void>, stopped: () => boolean): Promise<void>;
  close(): Promise<void>;
}

export function inThreadExecutor(): Executor {
  return {
    async run(jobs, onDone, stopped) {
      for (const job of jobs) {
        if (stopped()) return;
        if (job.compute) {
          const record = job.compute(stopped);
          if (stopped()) return;
          await onDone(record);
        } else {
          const payload = TASKS.train.payload.parse(job.payload);
          const result = trainTask(payload, { shouldStop: stopped, progress: () => undefined });
          await onDone(toRecord(job, result));
        }
        // let a signal handler (Ctrl-C) run between runs
        await new Promise((resolve) => setImmediate(resolve));
      }
    },
    async close() {},
  };
}

/** K runs in flight on a pool (own pool when none is given; closed with the executor then). */
export function poolExecutor(workers: number, given?: WorkerPool): Executor {
  const pool = given ?? new WorkerPool({ entry: computeWorkerEntry(), size: workers, reservedWorkers: 0 });
  const inFlight = new Set<{ cancel(): void }>();
  return {
    async run(jobs, onDone, stopped) {
      // `compute` runs are not pool tasks: run them here first, then the pool's `train` runs.
      const local = jobs.filter((j) => j.compute);
      if (local.length) await inThreadExecutor().run(local, onDone, stopped);
      jobs = jobs.filter((j) => !j.compute);
      let next = 0;
      let failure: Error | null = null;
      const lane = async () => {
        while (next < jobs.length && !stopped() && !failure) {
          const job = jobs[next++];
          const payload = TASKS.train.payload.parse(job.payload);
          const typed = submitTask(pool, 'train', payload);
          inFlight.add(typed.poolJob);
          try {
            const result = await typed.result;
            await onDone(toRecord(job, result as unknown as TrainResult));
          } catch (error) {
            if (!stopped()) failure = error as Error;
          } finally {
            inFlight.delete(typed.poolJob);
          }
        }
      };
      const watcher = setInterval(() => {
        if (stopped()) for (const j of inFlight) j.cancel();
      }, 50);
      try {
        await Promise.all(Array.from({ length: Math.max(1, workers) }, lane));
      } finally {
        clearInterval(watcher);
      }
      if (failure) throw failure;
    },
    async close() {
      if (!given) await pool.close();
    },
  };
}

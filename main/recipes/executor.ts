/**
 * Executes a recipe's runs: in this thread (one at a time; the CLI's default for --workers 1) or on
 * the worker pool (K in flight). Both call the same `train` task (native-workers/tasks/train.ts),
 * so a run's result does not depend on where it ran. A computed run (`RunJob.compute`: fig5's
 * exploration, split-at-init) goes to the pool as a `recipeRun` task (native-workers/tasks/
 * recipeRun.ts: the worker plans the recipe and computes that job), so the service thread stays
 * responsive and a cancel stops it like a `train` run; computed runs that only `extend` derives
 * (not in the plan, so a worker cannot rebuild them) run in this thread.
 */
import { TASKS } from '../../contract/tasks';
import { WorkerPool } from '../../native-workers/pool/pool';
import { computeWorkerEntry } from '../../native-workers/pool/entry';
import { trainTask } from '../../native-workers/tasks/train';
import { submitTask } from '../services/taskClient';
import type { RecipeParams, RunJob, RunRecord } from './types';

type TrainResult = ReturnType<typeof trainTask>;

/** A recipe run's record from a `train` task result; `extraSeconds` adds time spent outside the task (a GPU phase). */
export function toRecord(job: RunJob, r: Pick<TrainResult, 'result' | 'finalTheta'>, extraSeconds = 0): RunRecord {
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
    seconds: r.result.seconds + extraSeconds,
    finalTheta: Array.from(r.finalTheta),
  };
}

/** Which recipe the jobs belong to: lets the pool rebuild a computed job from its id. */
export interface RecipeContext {
  readonly recipe: string;
  /** Resolved parameters. */
  readonly params: RecipeParams;
  /** recipe.plan(params). */
  readonly plan: readonly RunJob[];
  /** Progress inside one computed run (0..1), e.g. fig5's exploration; throttled by the pool. */
  readonly onRunProgress?: (runId: string, fraction: number) => void;
}

export interface Executor {
  /**
   * Runs the jobs, calling onDone as each finishes (in completion order); stops early when stopped().
   * Without `context`, computed jobs run in this thread.
   */
  run(jobs: readonly RunJob[], onDone: (record: RunRecord) => Promise<void>, stopped: () => boolean, context?: RecipeContext): Promise<void>;
  close(): Promise<void>;
}

export function inThreadExecutor(): Executor {
  return {
    async run(jobs, onDone, stopped, context) {
      for (const job of jobs) {
        if (stopped()) return;
        if (job.compute) {
          const record = job.compute(stopped, (fraction) => context?.onRunProgress?.(job.planned.id, fraction));
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
    async run(jobs, onDone, stopped, context) {
      // Computed runs a worker can rebuild (planned ones) are `recipeRun` tasks; others run here first.
      const rebuildable = new Set(context ? context.plan.filter((j) => j.compute).map((j) => j.planned.id) : []);
      const local = jobs.filter((j) => j.compute && !rebuildable.has(j.planned.id));
      if (local.length) await inThreadExecutor().run(local, onDone, stopped, context);
      jobs = jobs.filter((j) => !j.compute || rebuildable.has(j.planned.id));
      let next = 0;
      let failure: Error | null = null;
      const lane = async () => {
        while (next < jobs.length && !stopped() && !failure) {
          const job = jobs[next++];
          const typed =
            job.compute && context
              ? submitTask(
                  pool,
                  'recipeRun',
                  { recipe: context.recipe, params: context.params, runId: job.planned.id },
                  { onProgress: (p) => context.onRunProgress?.(job.planned.id, p.progress) },
                )
              : submitTask(pool, 'train', TASKS.train.payload.parse(job.payload));
          inFlight.add(typed.poolJob);
          try {
            const result = await typed.result;
            await onDone(job.compute ? (result as RunRecord) : toRecord(job, result as unknown as TrainResult));
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

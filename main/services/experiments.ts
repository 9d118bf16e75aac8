/**
 * `experiments.start` / `jobs.*`: one pool job per seed; each finished run is written to the
 * workspace (its batch folder for batches) before `run.added` and `job.done` are emitted.
 */
import type { ExperimentSpec, RunSpec } from '../../contract/experiment';
import type { JobInfo } from '../../contract/jobs';
import type { MethodRequest, MethodResult } from '../../contract/methods';
import type { RunSummary } from '../../contract/runs';
import type { TaskResult } from '../../contract/tasks';
import { JobCancelledError } from '../../native-workers/pool/errors';
import type { WorkerPool } from '../../native-workers/pool/pool';
import { newId } from '../workspace/ids';
import type { Workspace } from '../workspace/workspace';
import { toStudioError } from './errors';
import type { EventHub } from './eventHub';
import { JobTable, progressCallbacks, type TrackedJob } from './jobTable';
import { submitTask } from './taskClient';

export class ExperimentRunner {
  readonly jobs = new JobTable();
  /** Workspace writes in flight; shutdown waits for them. */
  private readonly writes = new Set<Promise<unknown>>();

  constructor(
    private readonly pool: WorkerPool,
    private readonly workspace: Workspace,
    private readonly events: EventHub,
  ) {}

  async start(spec: ExperimentSpec): Promise<MethodResult<'experiments.start'>> {
    let batchId: string | null = null;
    const createdAt = Date.now();
    if (spec.seeds.length > 1) {
      batchId = newId('batch');
      const { initialTheta: _omit, ...batchSpec } = spec;
      await this.track(
        this.workspace.createBatch({
          format: 'escape-studio/batch@1',
          batchId,
          name: spec.name ?? null,
          createdAt,
          spec: batchSpec,
        }),
      );
    }
    const started: { jobId: string; runId: string; seed: number }[] = [];
    for (const seed of spec.seeds) {
      const runSpec: RunSpec = {
        teacher: spec.teacher,
        samples: spec.samples ?? null,
        dataSeed: spec.dataSeed,
        width: spec.width,
        activation: spec.activation ?? null,
        init: spec.init,
        method: spec.method,
        seed,
        budgets: spec.budgets,
        settings: spec.settings,
        recordTrajectory: spec.recordTrajectory,
      };
      started.push(this.launch(runSpec, spec.initialTheta ?? null, batchId, spec.name ?? null));
    }
    return { batchId, jobs: started };
  }

  private launch(spec: RunSpec, initialTheta: number[] | null, batchId: string | null, name: string | null): { jobId: string; runId: string; seed: number } {
    const jobId = newId('job');
    const runId = newId('run');
    const info: JobInfo = {
      jobId,
      kind: 'train',
      runId,
      batchId,
      seed: spec.seed,
      state: 'queued',
      progress: 0,
      loss: null,
      step: 0,
      message: null,
      queuedAt: Date.now(),
    };
    const ref = { jobId, kind: 'train' as const, runId, batchId };
    let tracked: TrackedJob | null = null;
    const task = submitTask(
      this.pool,
      'train',
      { spec, initialTheta: initialTheta ? Float64Array.from(initialTheta) : null },
      {
        transferPayload: true,
        ...progressCallbacks(() => tracked, this.events, ref),
      },
    );
    tracked = this.jobs.add(info, task.poolJob.id, () => task.poolJob.cancel());
    const job = tracked;
    const done = task.result
      .then((result) => this.store(result, spec, runId, batchId, name))
      .then((run) => {
        this.jobs.finish(job, 'done', null);
        this.events.emit({ type: 'run.added', payload: { run } });
        this.events.emit({ type: 'job.done', payload: { ...ref, run } });
      })
      .catch((error: unknown) => {
        const cancelled = error instanceof JobCancelledError;
        const reason = toStudioError(error, 'train').message;
        this.jobs.finish(job, cancelled ? 'cancelled' : 'failed', reason);
        this.events.emit({ type: 'job.failed', payload: { ...ref, reason, cancelled } });
      });
    void this.track(done);
    return { jobId, runId, seed: spec.seed };
  }

  private async store(result: TaskResult<'train'>, spec: RunSpec, runId: string, batchId: string | null, name: string | null): Promise<RunSummary> {
    const summary: RunSummary = {
      runId,
      batchId,
      name,
      createdAt: Date.now(),
      spec,
      parameterCount: result.parameterCount,
      result: result.result,
    };
    await this.workspace.addRun(summary, result.architecture, {
      initialTheta: result.initialTheta,
      finalTheta: result.finalTheta,
      curveTime: result.curveTime,
      curveLoss: result.curveLoss,
      trajectoryTime: result.trajectoryTime,
      trajectoryLoss: result.trajectoryLoss,
      trajectoryTheta: result.trajectoryTheta,
    });
    return summary;
  }

  cancel(request: MethodRequest<'jobs.cancel'>): number {
    let count = 0;
    for (const job of this.jobs.active()) {
      if (job.info.jobId === request.jobId || (request.batchId !== undefined && job.info.batchId === request.batchId)) {
        job.cancel();
        count++;
      }
    }
    return count;
  }

  cancelAll(): number {
    const active = this.jobs.active();
    for (const job of active) job.cancel();
    return active.length;
  }

  /** Resolves when every job settled and every workspace write finished. */
  async drain(): Promise<void> {
    while (this.writes.size > 0) await Promise.allSettled([...this.writes]);
  }

  /** Registers a workspace write (or a job's whole settle chain) that shutdown waits for. */
  track<T>(promise: Promise<T>): Promise<T> {
    this.writes.add(promise);
    const forget = (): void => {
      this.writes.delete(promise);
    };
    promise.then(forget, forget);
    return promise;
  }
}

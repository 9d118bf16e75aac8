/** The service's view of its jobs, for `jobs.list` and cancellation by job or batch. */
import type { JobInfo, JobRef } from '../../contract/jobs';
import type { EventHub } from './eventHub';

export interface TrackedJob {
  info: JobInfo;
  cancel(): void;
  startedAt: number | null;
  /** The pool's id for this job (diagnostics and tests). */
  readonly poolJobId: string;
}

const KEEP_FINISHED = 500;

export class JobTable {
  private readonly jobs = new Map<string, TrackedJob>();
  private finishedOrder: string[] = [];
  /** Called after a job finished (the batch queue launches the next run). */
  onFinish: ((job: TrackedJob) => void) | null = null;

  add(info: JobInfo, poolJobId: string, cancel: () => void): TrackedJob {
    const job: TrackedJob = { info, cancel, startedAt: null, poolJobId };
    this.jobs.set(info.jobId, job);
    return job;
  }

  get(jobId: string): TrackedJob | undefined {
    return this.jobs.get(jobId);
  }

  /**
   * Marks a job finished; only the latest KEEP_FINISHED finished jobs stay listed. `finalLoss`
   * (a finished training) replaces the last progress report, so the job lists the run's own loss.
   */
  finish(job: TrackedJob, state: 'done' | 'failed' | 'cancelled', message: string | null, finalLoss?: number): void {
    job.info = { ...job.info, state, message, progress: state === 'done' ? 1 : job.info.progress, ...(finalLoss !== undefined ? { loss: finalLoss } : {}) };
    this.finishedOrder.push(job.info.jobId);
    if (this.finishedOrder.length > KEEP_FINISHED) {
      const drop = this.finishedOrder.slice(0, this.finishedOrder.length - KEEP_FINISHED);
      this.finishedOrder = this.finishedOrder.slice(-KEEP_FINISHED);
      for (const id of drop) this.jobs.delete(id);
    }
    this.onFinish?.(job);
  }

  list(): JobInfo[] {
    return [...this.jobs.values()].map((j) => j.info);
  }

  active(): TrackedJob[] {
    return [...this.jobs.values()].filter((j) => j.info.state === 'queued' || j.info.state === 'running');
  }
}


export interface ProgressUpdate {
  readonly progress: number;
  readonly step: number;
  readonly loss: number | null;
}

/**
 * Pool callbacks that keep a tracked job's state current and emit `job.progress`.
 * `tracked` is read lazily: the job is added to the table only after the pool accepted it.
 */
export function progressCallbacks(tracked: () => TrackedJob | null, events: EventHub, ref: JobRef) {
  return {
    onStart(): void {
      const job = tracked();
      if (!job) return;
      job.startedAt = performance.now();
      job.info = { ...job.info, state: 'running' };
    },
    onProgress(p: ProgressUpdate): void {
      const job = tracked();
      if (!job) return;
      job.info = { ...job.info, state: 'running', progress: p.progress, step: p.step, loss: p.loss };
      const elapsedMs = job.startedAt === null ? 0 : performance.now() - job.startedAt;
      events.emit({ type: 'job.progress', payload: { ...ref, progress: p.progress, step: p.step, loss: p.loss, elapsedMs } });
    },
  };
}

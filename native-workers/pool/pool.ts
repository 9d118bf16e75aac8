/**
 * A fixed-size pool of worker threads with a FIFO queue.
 *
 * - size defaults to cores − 1 (at least 1); workers start on demand and are replaced when they die;
 * - cancel: queued jobs leave the queue at once; a running job's worker sees its shared stop flag
 *   (Atomics) and, if it has not answered within `cancelGraceMs`, is terminated and replaced;
 * - a worker that crashes, exits, breaks the protocol or stays silent longer than the job's hang
 *   timeout fails only its own job (WorkerFaultError with the reason) and is replaced.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { TaskProgress } from '../../contract/tasks';
import type { WorkerEntry } from './entry';
import { JobCancelledError, PoolError, TaskError, WorkerFaultError } from './errors';
import { FromWorkerSchema, type FromWorker } from './protocol';

export interface PoolOptions {
  readonly entry: WorkerEntry;
  /** Number of worker threads; default max(1, cores − 1). */
  readonly size?: number;
  /** How long a cancelled job may take to stop on its own before its worker is terminated. */
  readonly cancelGraceMs?: number;
  /** Default silence after which a running worker counts as hung (per job overridable). */
  readonly hangTimeoutMs?: number;
  /** Minimum interval between progress messages of one job (worker side). */
  readonly progressIntervalMs?: number;
}

export interface SubmitOptions {
  readonly onProgress?: (progress: TaskProgress) => void;
  /** Called when the job leaves the queue and starts on a worker. */
  readonly onStart?: () => void;
  readonly hangTimeoutMs?: number;
  /** Buffers to move (not copy) to the worker; the caller's views become detached. */
  readonly transfer?: readonly ArrayBuffer[];
}

export interface PoolJob {
  readonly id: string;
  readonly result: Promise<unknown>;
  cancel(): void;
}

interface Job {
  readonly id: string;
  readonly kind: string;
  readonly payload: unknown;
  readonly options: SubmitOptions;
  resolve(value: unknown): void;
  reject(error: Error): void;
  settled: boolean;
  cancelRequested: boolean;
}

interface Slot {
  readonly id: number;
  readonly worker: Worker;
  readonly flag: Int32Array;
  ready: boolean;
  job: Job | null;
  /** Set when the pool itself terminates the worker (cancel, hang, close). */
  retiring: string | null;
  crashReason: string | null;
  hangTimer: NodeJS.Timeout | null;
  cancelTimer: NodeJS.Timeout | null;
}

export function defaultPoolSize(): number {
  return Math.max(1, availableParallelism() - 1);
}

const MAX_STARTUP_FAILURES = 3;

export class WorkerPool {
  readonly size: number;
  private readonly entry: WorkerEntry;
  private readonly cancelGraceMs: number;
  private readonly hangTimeoutMs: number;
  private readonly progressIntervalMs: number;
  private readonly queue: Job[] = [];
  private readonly slots = new Set<Slot>();
  private nextJob = 1;
  private nextSlot = 1;
  private startupFailures = 0;
  private closed = false;

  constructor(options: PoolOptions) {
    this.entry = options.entry;
    this.size = Math.max(1, Math.floor(options.size ?? defaultPoolSize()));
    this.cancelGraceMs = options.cancelGraceMs ?? 100;
    this.hangTimeoutMs = options.hangTimeoutMs ?? 120_000;
    this.progressIntervalMs = options.progressIntervalMs ?? 50;
  }

  get queued(): number {
    return this.queue.length;
  }

  get running(): number {
    let n = 0;
    for (const slot of this.slots) if (slot.job) n++;
    return n;
  }

  get workers(): number {
    return this.slots.size;
  }

  submit(kind: string, payload: unknown, options: SubmitOptions = {}): PoolJob {
    if (this.closed) throw new PoolError('the worker pool is closed');
    const id = `job${this.nextJob++}`;
    let resolve!: (value: unknown) => void;
    let reject!: (error: Error) => void;
    const result = new Promise<unknown>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    // Callers that never await (fire-and-forget, shutdown) must not crash the process.
    result.catch(() => undefined);
    const job: Job = { id, kind, payload, options, resolve, reject, settled: false, cancelRequested: false };
    this.queue.push(job);
    this.pump();
    return { id, result, cancel: () => this.cancel(job) };
  }

  /** Cancels everything and terminates all workers. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const job of this.queue.splice(0)) this.settle(job, new JobCancelledError('cancelled: the pool is shutting down'));
    const exits: Promise<number>[] = [];
    for (const slot of this.slots) {
      if (slot.job) this.settle(slot.job, new JobCancelledError('cancelled: the pool is shutting down'));
      slot.retiring = 'pool closed';
      this.clearTimers(slot);
      exits.push(slot.worker.terminate());
    }
    await Promise.all(exits);
    this.slots.clear();
  }

  /** Test hook: terminate the worker running `jobId` as if it had been killed. */
  killWorkerOf(jobId: string): boolean {
    for (const slot of this.slots) {
      if (slot.job?.id === jobId) {
        void slot.worker.terminate();
        return true;
      }
    }
    return false;
  }

  private cancel(job: Job): void {
    if (job.settled) return;
    const queuedAt = this.queue.indexOf(job);
    if (queuedAt >= 0) {
      this.queue.splice(queuedAt, 1);
      this.settle(job, new JobCancelledError('cancelled before it started'));
      return;
    }
    const slot = this.slotOf(job);
    if (!slot || job.cancelRequested) return;
    job.cancelRequested = true;
    Atomics.store(slot.flag, 0, 1);
    slot.cancelTimer = setTimeout(() => {
      if (slot.job !== job) return;
      this.retire(slot, `cancelled: the task did not stop within ${this.cancelGraceMs} ms, its worker was terminated`, true);
    }, this.cancelGraceMs);
  }

  private slotOf(job: Job): Slot | undefined {
    for (const slot of this.slots) if (slot.job === job) return slot;
    return undefined;
  }

  private pump(): void {
    if (this.closed) return;
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.ready && !slot.job && !slot.retiring) this.dispatch(slot, this.queue.shift()!);
    }
    let starting = 0;
    for (const slot of this.slots) if (!slot.ready && !slot.retiring) starting++;
    while (this.slots.size < this.size && this.queue.length > starting) {
      this.spawn();
      starting++;
    }
  }

  private spawn(): void {
    const cancel = new SharedArrayBuffer(4);
    const worker = new Worker(this.entry.file, {
      workerData: { ...this.entry.workerData, cancel, progressIntervalMs: this.progressIntervalMs },
    });
    const slot: Slot = {
      id: this.nextSlot++,
      worker,
      flag: new Int32Array(cancel),
      ready: false,
      job: null,
      retiring: null,
      crashReason: null,
      hangTimer: null,
      cancelTimer: null,
    };
    this.slots.add(slot);
    worker.on('message', (raw: unknown) => this.onMessage(slot, raw));
    worker.on('error', (error: Error) => {
      slot.crashReason ??= `worker crashed: ${error.name}: ${error.message}`;
    });
    worker.on('exit', (code) => this.onExit(slot, code));
  }

  private dispatch(slot: Slot, job: Job): void {
    slot.job = job;
    Atomics.store(slot.flag, 0, 0);
    this.armHangTimer(slot);
    job.options.onStart?.();
    try {
      slot.worker.postMessage(
        { type: 'run', jobId: job.id, kind: job.kind, payload: job.payload },
        [...(job.options.transfer ?? [])],
      );
    } catch (error) {
      // e.g. a payload that cannot be cloned: the job's fault, not the worker's.
      slot.job = null;
      this.clearTimers(slot);
      this.settle(job, new PoolError(`cannot send the task to a worker: ${(error as Error).message}`));
      this.pump();
    }
  }

  private onMessage(slot: Slot, raw: unknown): void {
    const parsed = FromWorkerSchema.safeParse(raw);
    if (!parsed.success) {
      this.retire(slot, `worker broke the protocol: ${parsed.error.issues[0]?.message ?? 'bad message'}`, false);
      return;
    }
    const message: FromWorker = parsed.data;
    if (message.type === 'ready') {
      slot.ready = true;
      this.startupFailures = 0;
      this.pump();
      return;
    }
    const job = slot.job;
    if (!job || job.id !== message.jobId) return; // late message from a job already settled
    this.armHangTimer(slot);
    if (message.type === 'progress') {
      if (!job.cancelRequested) job.options.onProgress?.(message.progress);
      return;
    }
    slot.job = null;
    this.clearTimers(slot);
    if (job.cancelRequested) this.settle(job, new JobCancelledError('cancelled'));
    else if (message.type === 'done') this.settle(job, null, message.result);
    else this.settle(job, new TaskError(message.error.name, message.error.message));
    this.pump();
  }

  private onExit(slot: Slot, code: number): void {
    this.clearTimers(slot);
    this.slots.delete(slot);
    const job = slot.job;
    slot.job = null;
    if (job && !job.settled) {
      if (slot.retiring !== null) this.settle(job, new JobCancelledError(slot.retiring));
      else this.settle(job, new WorkerFaultError(slot.crashReason ?? `worker exited unexpectedly with code ${code}`));
    }
    if (!slot.ready && slot.retiring === null && !this.closed) {
      this.startupFailures++;
      if (this.startupFailures >= MAX_STARTUP_FAILURES) {
        const reason = `workers fail to start: ${slot.crashReason ?? `exit code ${code}`}`;
        for (const queued of this.queue.splice(0)) this.settle(queued, new WorkerFaultError(reason));
        return;
      }
    }
    this.pump();
  }

  /** Terminates a slot's worker on purpose; its job fails with `reason`. */
  private retire(slot: Slot, reason: string, cancelled: boolean): void {
    if (slot.retiring !== null) return;
    slot.retiring = reason;
    this.clearTimers(slot);
    const job = slot.job;
    slot.job = null;
    if (job) this.settle(job, cancelled ? new JobCancelledError(reason) : new WorkerFaultError(reason));
    void slot.worker.terminate();
    // The replacement starts at once so the pool keeps its size; onExit removes the old slot.
    this.slots.delete(slot);
    this.pump();
  }

  private armHangTimer(slot: Slot): void {
    if (slot.hangTimer) clearTimeout(slot.hangTimer);
    const timeout = slot.job?.options.hangTimeoutMs ?? this.hangTimeoutMs;
    slot.hangTimer = setTimeout(
      () => this.retire(slot, `worker hung: no message for ${timeout} ms, terminated`, false),
      timeout,
    );
  }

  private clearTimers(slot: Slot): void {
    if (slot.hangTimer) clearTimeout(slot.hangTimer);
    if (slot.cancelTimer) clearTimeout(slot.cancelTimer);
    slot.hangTimer = null;
    slot.cancelTimer = null;
  }

  private settle(job: Job, error: Error | null, value?: unknown): void {
    if (job.settled) return;
    job.settled = true;
    if (error) job.reject(error);
    else job.resolve(value);
  }
}

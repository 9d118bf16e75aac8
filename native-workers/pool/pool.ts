/**
 * A fixed-size pool of worker threads with a FIFO queue.
 *
 * - size defaults to cores − 1 (at least 1); workers start on demand and are replaced when they die;
 * - each worker holds its running job plus up to `prefetch` queued ones, so it never idles waiting
 *   for the main thread between short jobs (they run strictly one after another);
 * - cancel: queued jobs leave the queue at once; a job on a worker gets its shared stop flag set
 *   (Atomics, polled by the task through shouldStop()); if the running job has not answered within
 *   `cancelGraceMs`, its worker is terminated and replaced;
 * - a worker that crashes, exits, breaks the protocol or stays silent longer than the job's hang
 *   timeout fails only its running job (WorkerFaultError with the reason); its prefetched jobs go
 *   back to the front of the queue, and the worker is replaced;
 * - two lanes: `interactive` jobs (landscape, analyze, split, teacher) queue ahead of `batch` jobs
 *   (training runs, explorations), are never prefetched behind a running batch job, and have
 *   `reservedWorkers` extra workers of their own (default 1), so a long batch never makes an
 *   interactive request wait for a batch job to finish.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { TaskProgress } from '../../contract/tasks';
import type { WorkerEntry } from './entry';
import { JobCancelledError, PoolError, TaskError, WorkerFaultError } from './errors';
import { FromWorkerSchema, PAUSE_SLOT, STOP_SLOTS, type FromWorker } from './protocol';

export interface PoolOptions {
  readonly entry: WorkerEntry;
  /** Number of worker threads; default max(1, cores − 1). */
  readonly size?: number;
  /** How long a cancelled job may take to stop on its own before its worker is terminated. */
  readonly cancelGraceMs?: number;
  /** Default silence after which a busy worker counts as hung (per job overridable). */
  readonly hangTimeoutMs?: number;
  /** Minimum interval between progress messages of one job (worker side). */
  readonly progressIntervalMs?: number;
  /** Queued jobs handed to a busy worker ahead of time (0 … STOP_SLOTS − 1); default 1. */
  readonly prefetch?: number;
  /** Extra workers that only run interactive jobs (started on demand); default 1. */
  readonly reservedWorkers?: number;
  /** Pause running batch jobs (inside shouldStop) while interactive jobs run; default true. */
  readonly pauseBatch?: boolean;
}

/** `interactive`: someone is waiting for the answer on screen; `batch`: background work. */
export type JobLane = 'interactive' | 'batch';

export interface SubmitOptions {
  readonly onProgress?: (progress: TaskProgress) => void;
  /** Called when the job becomes the one its worker is running. */
  readonly onStart?: () => void;
  readonly hangTimeoutMs?: number;
  /** Buffers to move (not copy) to the worker; the caller's views become detached. */
  readonly transfer?: readonly ArrayBuffer[];
  /** Default `batch`. */
  readonly lane?: JobLane;
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
  readonly lane: JobLane;
  resolve(value: unknown): void;
  reject(error: Error): void;
  settled: boolean;
  /** Cancelled while running: settles as cancelled once its worker answers or is terminated. */
  cancelRequested: boolean;
  /** Number on the worker holding it (0 while queued). */
  seq: number;
}

interface Slot {
  readonly worker: Worker;
  /** `interactive`: a reserved worker that takes interactive jobs only. */
  readonly lane: 'any' | 'interactive';
  readonly flags: Int32Array;
  ready: boolean;
  /** Jobs sent to the worker, in order; the first one is running. */
  readonly jobs: Job[];
  nextSeq: number;
  /** Set when the pool itself terminates the worker (cancel, hang, protocol, close). */
  retiring: string | null;
  crashReason: string | null;
  hangTimer: NodeJS.Timeout | null;
  cancelTimer: NodeJS.Timeout | null;
  /** flags[PAUSE_SLOT] as last set by the pool. */
  paused: boolean;
}

export function defaultPoolSize(): number {
  return Math.max(1, availableParallelism() - 1);
}

const MAX_STARTUP_FAILURES = 3;

export class WorkerPool {
  readonly size: number;
  /** Extra workers reserved for interactive jobs. */
  readonly reservedWorkers: number;
  private readonly entry: WorkerEntry;
  private readonly cancelGraceMs: number;
  private readonly hangTimeoutMs: number;
  private readonly progressIntervalMs: number;
  private readonly depth: number;
  private readonly pauseBatch: boolean;
  private readonly queue: Job[] = [];
  /** Interactive jobs, served before `queue`. */
  private readonly interactiveQueue: Job[] = [];
  private readonly slots = new Set<Slot>();
  private nextJob = 1;
  private startupFailures = 0;
  private closed = false;

  constructor(options: PoolOptions) {
    this.entry = options.entry;
    this.size = Math.max(1, Math.floor(options.size ?? defaultPoolSize()));
    this.cancelGraceMs = options.cancelGraceMs ?? 100;
    this.hangTimeoutMs = options.hangTimeoutMs ?? 120_000;
    this.progressIntervalMs = options.progressIntervalMs ?? 50;
    this.depth = 1 + Math.min(STOP_SLOTS - 1, Math.max(0, Math.floor(options.prefetch ?? 1)));
    this.reservedWorkers = Math.max(0, Math.floor(options.reservedWorkers ?? 1));
    this.pauseBatch = options.pauseBatch ?? true;
  }

  get queued(): number {
    let n = this.queue.length + this.interactiveQueue.length;
    for (const slot of this.slots) n += Math.max(0, slot.jobs.length - 1);
    return n;
  }

  get running(): number {
    let n = 0;
    for (const slot of this.slots) if (slot.jobs.length > 0) n++;
    return n;
  }

  /** Regular workers alive (reserved interactive workers not counted; see `reservedAlive`). */
  get workers(): number {
    let n = 0;
    for (const slot of this.slots) if (slot.lane === 'any') n++;
    return n;
  }

  get reservedAlive(): number {
    return this.slots.size - this.workers;
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
    const lane = options.lane ?? 'batch';
    const job: Job = { id, kind, payload, options, lane, resolve, reject, settled: false, cancelRequested: false, seq: 0 };
    this.queueOf(lane).push(job);
    this.pump();
    return { id, result, cancel: () => this.cancel(job) };
  }

  /** Cancels everything and terminates all workers. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const reason = 'cancelled: the pool is shutting down';
    for (const job of [...this.interactiveQueue.splice(0), ...this.queue.splice(0)]) this.settle(job, new JobCancelledError(reason));
    const exits: Promise<number>[] = [];
    for (const slot of this.slots) {
      for (const job of slot.jobs.splice(0)) this.settle(job, new JobCancelledError(reason));
      slot.retiring = 'pool closed';
      this.clearTimers(slot);
      exits.push(slot.worker.terminate());
    }
    await Promise.all(exits);
    this.slots.clear();
  }

  /** Test hook: terminate the worker holding `jobId` as if it had been killed. */
  killWorkerOf(jobId: string): boolean {
    const slot = this.slotOf(jobId);
    if (!slot) return false;
    void slot.worker.terminate();
    return true;
  }

  private cancel(job: Job): void {
    if (job.settled) return;
    const queue = this.queueOf(job.lane);
    const queuedAt = queue.indexOf(job);
    if (queuedAt >= 0) {
      queue.splice(queuedAt, 1);
      this.settle(job, new JobCancelledError('cancelled before it started'));
      this.updatePauses();
      return;
    }
    const slot = this.slotOf(job.id);
    if (!slot) return;
    Atomics.store(slot.flags, job.seq % STOP_SLOTS, job.seq);
    if (slot.jobs[0] !== job) {
      // Prefetched, not started: the worker will skip it; its answer is then ignored.
      this.settle(job, new JobCancelledError('cancelled before it started'));
      return;
    }
    job.cancelRequested = true;
    slot.cancelTimer ??= setTimeout(() => {
      if (slot.jobs[0] !== job) return;
      this.retire(slot, `cancelled: the task did not stop within ${this.cancelGraceMs} ms, its worker was terminated`, true);
    }, this.cancelGraceMs);
  }

  private slotOf(jobId: string): Slot | undefined {
    for (const slot of this.slots) if (slot.jobs.some((j) => j.id === jobId)) return slot;
    return undefined;
  }

  private queueOf(lane: JobLane): Job[] {
    return lane === 'interactive' ? this.interactiveQueue : this.queue;
  }

  private pump(): void {
    if (this.closed) return;
    // Interactive jobs first, only to idle workers (never queued behind a running batch job);
    // reserved workers may prefetch interactive jobs.
    for (let fill = 1; fill <= this.depth && this.interactiveQueue.length > 0; fill++) {
      for (const slot of this.slots) {
        if (this.interactiveQueue.length === 0) break;
        if (!slot.ready || slot.retiring !== null || slot.jobs.length >= fill) continue;
        if (fill > 1 && slot.lane !== 'interactive') continue;
        this.dispatch(slot, this.interactiveQueue.shift()!);
      }
    }
    // Batch jobs: idle regular workers first, then prefetch into busy ones — but no prefetch while
    // interactive jobs wait, or they would end up behind it.
    for (let fill = 1; fill <= this.depth && this.queue.length > 0; fill++) {
      if (fill > 1 && this.interactiveQueue.length > 0) break;
      for (const slot of this.slots) {
        if (this.queue.length === 0) break;
        if (slot.lane === 'any' && slot.ready && slot.retiring === null && slot.jobs.length < fill) this.dispatch(slot, this.queue.shift()!);
      }
    }
    let starting = 0;
    let startingReserved = 0;
    let regular = 0;
    let reserved = 0;
    for (const slot of this.slots) {
      if (slot.lane === 'interactive') reserved++;
      else regular++;
      if (slot.ready || slot.retiring !== null) continue;
      if (slot.lane === 'interactive') startingReserved++;
      else starting++;
    }
    while (regular < this.size && this.queue.length + this.interactiveQueue.length > starting + startingReserved) {
      this.spawn('any');
      regular++;
      starting++;
    }
    // Interactive jobs still waiting (every regular worker busy) — or, kept warm, whenever batch
    // work occupies a regular worker, since starting a worker takes longer than a first frame.
    let batchBusy = false;
    for (const slot of this.slots) if (slot.lane === 'any' && slot.jobs[0]?.lane === 'batch') batchBusy = true;
    while (reserved < this.reservedWorkers && (batchBusy || this.interactiveQueue.length > starting + startingReserved)) {
      this.spawn('interactive');
      reserved++;
      startingReserved++;
    }
    this.updatePauses();
  }

  /**
   * Preemption between batch steps: while an interactive job runs on another worker, running batch
   * jobs are asked to pause (they wait inside shouldStop, bounded — protocol.ts), so the interactive
   * job gets the cores; the pause is lifted as soon as no interactive job runs. (Never while the
   * interactive job still waits for a worker: that would only delay it.)
   */
  private updatePauses(): void {
    let interactive = false;
    for (const slot of this.slots) if (slot.jobs[0]?.lane === 'interactive' && slot.retiring === null) interactive = true;
    for (const slot of this.slots) {
      const want = this.pauseBatch && interactive && slot.lane === 'any' && slot.jobs[0]?.lane === 'batch';
      if (want === slot.paused) continue;
      slot.paused = want;
      Atomics.store(slot.flags, PAUSE_SLOT, want ? 1 : 0);
      if (!want) {
        Atomics.notify(slot.flags, PAUSE_SLOT);
        // Silence while paused was the pool's doing: measure hangs from now on.
        if (slot.jobs.length > 0 && slot.retiring === null) this.armHangTimer(slot);
      } else if (slot.hangTimer) {
        clearTimeout(slot.hangTimer);
        slot.hangTimer = null;
      }
    }
  }

  private spawn(lane: Slot['lane']): void {
    const cancel = new SharedArrayBuffer(4 * (STOP_SLOTS + 1));
    const worker = new Worker(this.entry.file, {
      // selfEntry: how this worker starts threads of its own kind (the analyze task's HVP shards).
      workerData: { ...this.entry.workerData, cancel, progressIntervalMs: this.progressIntervalMs, selfEntry: { file: this.entry.file, workerData: this.entry.workerData ?? {} } },
    });
    const slot: Slot = {
      worker,
      lane,
      flags: new Int32Array(cancel),
      ready: false,
      jobs: [],
      nextSeq: 1,
      retiring: null,
      crashReason: null,
      hangTimer: null,
      cancelTimer: null,
      paused: false,
    };
    this.slots.add(slot);
    worker.on('message', (raw: unknown) => this.onMessage(slot, raw));
    worker.on('error', (error: Error) => {
      slot.crashReason ??= `worker crashed: ${error.name}: ${error.message}`;
    });
    worker.on('exit', (code) => this.onExit(slot, code));
  }

  private dispatch(slot: Slot, job: Job): void {
    job.seq = slot.nextSeq++;
    Atomics.store(slot.flags, job.seq % STOP_SLOTS, 0);
    slot.jobs.push(job);
    try {
      slot.worker.postMessage({ type: 'run', jobId: job.id, seq: job.seq, kind: job.kind, payload: job.payload }, [...(job.options.transfer ?? [])]);
    } catch (error) {
      // e.g. a payload that cannot be cloned: the job's fault, not the worker's.
      slot.jobs.pop();
      this.settle(job, new PoolError(`cannot send the task to a worker: ${(error as Error).message}`));
      return;
    }
    if (slot.jobs.length === 1) this.started(slot);
  }

  /** slot.jobs[0] just became the running job. */
  private started(slot: Slot): void {
    this.armHangTimer(slot);
    const job = slot.jobs[0];
    if (job && !job.settled) job.options.onStart?.();
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
    const at = slot.jobs.findIndex((j) => j.id === message.jobId);
    if (at < 0) return;
    const job = slot.jobs[at];
    this.armHangTimer(slot);
    if (message.type === 'progress') {
      if (!job.settled && !job.cancelRequested) job.options.onProgress?.(message.progress);
      return;
    }
    slot.jobs.splice(at, 1);
    if (at === 0 && slot.cancelTimer) {
      clearTimeout(slot.cancelTimer);
      slot.cancelTimer = null;
    }
    if (message.type === 'done') this.settle(job, null, message.result);
    else this.settle(job, new TaskError(message.error.name, message.error.message, message.error.code));
    if (slot.jobs.length > 0) this.started(slot);
    else this.clearTimers(slot);
    this.pump();
  }

  private onExit(slot: Slot, code: number): void {
    this.clearTimers(slot);
    this.slots.delete(slot);
    const [running, ...prefetched] = slot.jobs.splice(0);
    // Jobs the worker had not started go back to the front of the queue.
    for (const job of prefetched.reverse()) if (!job.settled) this.queueOf(job.lane).unshift(job);
    if (running && !running.settled) {
      if (slot.retiring !== null) this.settle(running, new JobCancelledError(slot.retiring));
      else this.settle(running, new WorkerFaultError(slot.crashReason ?? `worker exited unexpectedly with code ${code}`));
    }
    if (!slot.ready && slot.retiring === null && !this.closed) {
      this.startupFailures++;
      if (this.startupFailures >= MAX_STARTUP_FAILURES) {
        const reason = `workers fail to start: ${slot.crashReason ?? `exit code ${code}`}`;
        for (const queued of [...this.interactiveQueue.splice(0), ...this.queue.splice(0)]) this.settle(queued, new WorkerFaultError(reason));
        return;
      }
    }
    this.pump();
  }

  /** Terminates a slot's worker on purpose; its running job fails with `reason`, prefetched ones are requeued. */
  private retire(slot: Slot, reason: string, cancelled: boolean): void {
    if (slot.retiring !== null) return;
    slot.retiring = reason;
    this.clearTimers(slot);
    const [running, ...prefetched] = slot.jobs.splice(0);
    for (const job of prefetched.reverse()) if (!job.settled) this.queueOf(job.lane).unshift(job);
    if (running) this.settle(running, cancelled ? new JobCancelledError(reason) : new WorkerFaultError(reason));
    void slot.worker.terminate();
    // The replacement starts at once so the pool keeps its size; onExit finds nothing left to fail.
    this.slots.delete(slot);
    this.pump();
  }

  private armHangTimer(slot: Slot): void {
    if (slot.hangTimer) clearTimeout(slot.hangTimer);
    const timeout = slot.jobs[0]?.options.hangTimeoutMs ?? this.hangTimeoutMs;
    slot.hangTimer = setTimeout(() => this.retire(slot, `worker hung: no message for ${timeout} ms, terminated`, false), timeout);
  }

  private clearTimers(slot: Slot): void {
    if (slot.hangTimer) clearTimeout(slot.hangTimer);
    if (slot.cancelTimer) clearTimeout(slot.cancelTimer);
    slot.hangTimer = null;
    slot.cancelTimer = null;
  }

  /** Settles a job once; a job cancelled while running always settles as cancelled. */
  private settle(job: Job, error: Error | null, value?: unknown): void {
    if (job.settled) return;
    job.settled = true;
    if (job.cancelRequested && !(error instanceof JobCancelledError)) job.reject(new JobCancelledError('cancelled'));
    else if (error) job.reject(error);
    else job.resolve(value);
  }
}

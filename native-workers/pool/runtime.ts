/**
 * The worker side of the pool: receives jobs, runs the registered handler with a cooperative
 * stop flag and throttled progress, and posts the result with its Float64Array buffers transferred.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { TaskProgress } from '../../contract/tasks';
import { ZodError } from 'zod';
import { errorCode } from '../engine';
import type { WorkerEntry } from './entry';
import { transferables } from './runtimeTransfer';
import { FromWorkerSchema, PAUSE_GAP_MS, PAUSE_MAX_MS, PAUSE_SLOT, PoolWorkerDataSchema, STOP_SLOTS, ToWorkerSchema, type FromWorker, type ToWorker } from './protocol';

export interface TaskContext {
  /** True once the job was cancelled; long loops poll this and return early. */
  shouldStop(): boolean;
  /** Report progress; throttled here, so call it as often as convenient. */
  progress(update: TaskProgress): void;
  /** How to start more threads of this worker (HVP shards); absent outside a pool worker. */
  readonly workerEntry?: WorkerEntry;
}

export type TaskHandler = (payload: unknown, context: TaskContext) => unknown;

/** Thrown by a handler that stopped because shouldStop() became true. */
export class TaskCancelledError extends Error {
  override name = 'TaskCancelledError';
}

export function serveTasks(handlers: Readonly<Record<string, TaskHandler>>): void {
  const port = parentPort;
  if (!port) throw new Error('serveTasks must run inside a worker thread');
  const data = PoolWorkerDataSchema.parse(workerData);
  const flags = new Int32Array(data.cancel);
  const interval = data.progressIntervalMs;
  const pausable = flags.length > PAUSE_SLOT;
  let workUntil = 0;

  /** Yields the CPU (Atomics.wait) while the pool asks batch work to pause; bounded, see PAUSE_MAX_MS. */
  const pauseIfAsked = (stopped: () => boolean): void => {
    if (!pausable || Atomics.load(flags, PAUSE_SLOT) === 0) return;
    const now = performance.now();
    if (now < workUntil) return;
    const until = now + PAUSE_MAX_MS;
    while (Atomics.load(flags, PAUSE_SLOT) !== 0 && !stopped() && performance.now() < until) Atomics.wait(flags, PAUSE_SLOT, Atomics.load(flags, PAUSE_SLOT), 50);
    workUntil = performance.now() + PAUSE_GAP_MS;
  };

  const post = (message: FromWorker, transfer: ArrayBuffer[] = []): void => {
    FromWorkerSchema.parse(message);
    port.postMessage(message, transfer);
  };

  // Jobs run one at a time in arrival order; the pool may send the next one early (prefetch).
  const queue: ToWorker[] = [];
  let busy = false;

  port.on('message', (raw: unknown) => {
    const parsed = ToWorkerSchema.safeParse(raw);
    if (!parsed.success) {
      // No job id to answer to: crash, and the pool reports the fault on this worker's job.
      throw new Error(`worker received a malformed message: ${parsed.error.issues[0]?.message ?? ''}`);
    }
    queue.push(parsed.data);
    if (!busy) void drain();
  });

  async function drain(): Promise<void> {
    busy = true;
    while (queue.length > 0) await runJob(queue.shift()!);
    busy = false;
  }

  async function runJob({ jobId, seq, kind, payload }: ToWorker): Promise<void> {
    const stopped = (): boolean => Atomics.load(flags, seq % STOP_SLOTS) === seq;
    // Long loops poll this between steps: the natural place to pause for interactive work.
    const shouldStop = (): boolean => {
      pauseIfAsked(stopped);
      return stopped();
    };
    if (stopped()) {
      post({ type: 'failed', jobId, error: { name: 'TaskCancelledError', message: 'cancelled before it started', code: 'failed' } });
      return;
    }
    const handler = handlers[kind];
    if (!handler) {
      post({ type: 'failed', jobId, error: { name: 'TaskError', message: `unknown task kind '${kind}'`, code: 'failed' } });
      return;
    }
    // The first progress message waits one interval too: short jobs send only their result.
    let lastProgress = performance.now();
    const context: TaskContext = {
      shouldStop,
      ...(data.selfEntry ? { workerEntry: data.selfEntry } : {}),
      progress(update) {
        const now = performance.now();
        if (now - lastProgress < interval) return;
        lastProgress = now;
        post({ type: 'progress', jobId, progress: update });
      },
    };
    try {
      const result = await handler(payload, context);
      post({ type: 'done', jobId, result }, transferables(result));
    } catch (error) {
      const err = error instanceof Error ? error : new Error(String(error));
      // A payload that fails its schema is the caller's input error, like the engine's own input errors.
      const code = error instanceof ZodError ? 'input' : errorCode(error);
      post({ type: 'failed', jobId, error: { name: err.name, message: err.message, code } });
    }
  }

  post({ type: 'ready', kinds: Object.keys(handlers) });
}

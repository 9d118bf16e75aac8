/**
 * Hessian-vector products split by samples across worker threads. The loss is a mean over samples,
 * L = (1/N)·Σₙ ℓₙ, so H·v = Σₛ (Nₛ/N)·Hₛ·v with Hₛ the Hessian of shard s's own mean loss: each
 * thread holds one contiguous slice of the samples (hvpShard.ts) and the calling thread computes the
 * first slice itself while the others compute theirs. The calls are synchronous (the caller waits
 * with Atomics.wait on shared memory), so the engine's Krylov solvers use it like the one-thread
 * HvpEngine (both are BlockHvpEvaluators). Results equal HvpEngine's up to the order of the sums.
 *
 * Starting is asynchronous (the threads load the engine); `close()` ends them.
 */
import { availableParallelism } from 'node:os';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { HvpEngine, parameterCount, spectrumPath, SPECTRUM_DEFAULTS, type Architecture, type BlockHvpEvaluator, type Dataset, type Network, type SpectrumOptions } from '../engine';
import type { WorkerEntry } from './entry';
import { controlWords, floatsLength, SHARD_APPLY, SHARD_CLOSE, SHARD_CMD, SHARD_COUNT, SHARD_PREPARE, shardDone, shardRequest, shardViews } from './hvpShardProtocol';

export class ShardedHvpError extends Error {
  override name = 'ShardedHvpError';
}

export interface ShardedHvpOptions {
  /** Threads in all, the caller's included (≥ 2). */
  readonly shards: number;
  /** Directions per `applyBlock` call. */
  readonly block: number;
  /** How long the threads may take to start (default 60 s). */
  readonly startTimeoutMs?: number;
  /** How long one request may wait for a thread's answer before the products fail (default 10 min). */
  readonly answerTimeoutMs?: number;
}

/** Samples below which a shard costs more to talk to than it saves. */
export const MIN_SHARD_SAMPLES = 512;
/**
 * N·P below which the threads do not pay for their start (1.6 s from TypeScript sources through tsx, less bundled).
 * Measured on 2 cores (block-2 products, 20→50→3 tanh): N·P = 2e6 4.2 → 2.5 ms per product (1.70×),
 * 4.1e6 8.6 → 4.4 ms (1.94×), 1.2e7 27.5 → 14.4 ms (1.91×); an extremal spectrum takes ≈ 200–300 products.
 */
export const MIN_SHARDED_WORK = 4e6;

/** How many threads to split the HVPs of P parameters on N samples across, given `cores`. */
export function hvpShardCount(P: number, N: number, cores: number, maxShards = 4): number {
  if (N * P < MIN_SHARDED_WORK) return 1;
  return Math.max(1, Math.min(Math.floor(cores), maxShards, Math.floor(N / MIN_SHARD_SAMPLES)));
}

/** Sample ranges [start, end) of `shards` near-equal contiguous slices of N samples. */
export function shardRanges(N: number, shards: number): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (let s = 0; s < shards; s++) ranges.push([Math.floor((s * N) / shards), Math.floor(((s + 1) * N) / shards)]);
  return ranges;
}

/**
 * The products an analysis of `network` on `data` should use: sharded across this machine's cores
 * when its spectrum takes the extremal path and the HVPs are large enough (hvpShardCount), else
 * null (the analysis builds its own one-thread engine). The caller closes what it gets.
 */
export async function startAnalysisShards(
  entry: WorkerEntry,
  network: Network,
  data: Dataset,
  spectrum: Pick<SpectrumOptions, 'mode' | 'denseLimit' | 'hessian' | 'blockSize' | 'solver'> = {},
  cores = availableParallelism(),
): Promise<ShardedHvp | null> {
  const P = network.theta.length;
  if (spectrumPath(P, spectrum) !== 'extremal') return null;
  const shards = hvpShardCount(P, data.count, cores);
  if (shards < 2) return null;
  const block = spectrum.solver === 'lanczos' ? 1 : (spectrum.blockSize ?? SPECTRUM_DEFAULTS.blockSize);
  return startShardedHvp(entry, network.architecture, data, { shards, block });
}

/**
 * Samples [start, end) of `data`: views (`copy` false: the engines copy their inputs), or copies
 * that own their buffers (to be transferred to a shard thread).
 */
function slice(data: Dataset, [start, end]: [number, number], copy: boolean): Dataset {
  const take = (a: Float64Array, width: number): Float64Array => (copy ? a.slice(start * width, end * width) : a.subarray(start * width, end * width));
  return { count: end - start, inputDim: data.inputDim, outputDim: data.outputDim, X: take(data.X, data.inputDim), Y: take(data.Y, data.outputDim) };
}

export async function startShardedHvp(entry: WorkerEntry, architecture: Architecture, data: Dataset, options: ShardedHvpOptions): Promise<ShardedHvp> {
  const { shards, block } = options;
  if (!Number.isInteger(shards) || shards < 2) throw new ShardedHvpError(`shards must be a whole number ≥ 2, got ${shards}`);
  if (data.count < shards) throw new ShardedHvpError(`${data.count} samples cannot be split into ${shards} shards`);
  const P = parameterCount(architecture);
  const ranges = shardRanges(data.count, shards);
  const workers = shards - 1;
  const control = new SharedArrayBuffer(4 * controlWords(workers));
  const floats = new SharedArrayBuffer(8 * floatsLength(P, block, workers));
  // The caller's engine is built while the threads start.
  const threads: Array<{ worker: Worker; errors: MessagePort }> = [];
  const started: Array<Promise<void>> = [];
  for (let k = 0; k < workers; k++) {
    const part = slice(data, ranges[k + 1], true);
    const { port1, port2 } = new MessageChannel();
    const hvpShard = { index: k, architecture, count: part.count, inputDim: part.inputDim, outputDim: part.outputDim, X: part.X, Y: part.Y, block, control, floats, errors: port2 };
    const worker = new Worker(entry.file, { workerData: { ...entry.workerData, hvpShard }, transferList: [port2, part.X.buffer as ArrayBuffer, part.Y.buffer as ArrayBuffer] });
    threads.push({ worker, errors: port1 });
    started.push(
      new Promise<void>((resolve, reject) => {
        worker.once('message', (m: { type?: string; message?: string }) => (m?.type === 'ready' ? resolve() : reject(new ShardedHvpError(`HVP shard ${k + 1} could not start: ${m?.message ?? 'unknown reply'}`))));
        worker.once('error', (e) => reject(new ShardedHvpError(`HVP shard ${k + 1} could not start: ${e.message}`)));
        worker.once('exit', (code) => reject(new ShardedHvpError(`HVP shard ${k + 1} stopped while starting (exit code ${code})`)));
      }),
    );
  }
  const local = new HvpEngine(architecture, slice(data, ranges[0], false), { block });
  const timeoutMs = options.startTimeoutMs ?? 60_000;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ShardedHvpError(`the HVP shard threads did not start within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([Promise.all(started), timeout]);
  } catch (error) {
    for (const t of threads) void t.worker.terminate();
    throw error;
  } finally {
    clearTimeout(timer);
  }
  // Started: an exit from now on is noticed by the waits (a DONE word that never comes), not by these listeners.
  for (const t of threads) t.worker.removeAllListeners();
  return new ShardedHvp(P, block, data.count, ranges, local, threads, control, floats, options.answerTimeoutMs ?? 600_000);
}

export class ShardedHvp implements BlockHvpEvaluator {
  private seq = 0;
  private closed = false;
  private readonly control: Int32Array;
  private readonly views: ReturnType<typeof shardViews>;
  /** Nₛ/N per shard, the caller's first. */
  private readonly weights: number[];

  constructor(
    readonly parameterCount: number,
    readonly blockSize: number,
    N: number,
    ranges: Array<[number, number]>,
    private readonly local: HvpEngine,
    private readonly threads: Array<{ worker: Worker; errors: MessagePort }>,
    control: SharedArrayBuffer,
    floats: SharedArrayBuffer,
    private readonly answerTimeoutMs: number,
  ) {
    this.control = new Int32Array(control);
    this.views = shardViews(floats, parameterCount, blockSize, threads.length);
    this.weights = ranges.map(([a, b]) => (b - a) / N);
  }

  /** Threads in all, the caller's included. */
  get shards(): number {
    return this.threads.length + 1;
  }

  prepare(theta: Float64Array): number {
    if (theta.length !== this.parameterCount) throw new ShardedHvpError(`θ has ${theta.length} entries, expected ${this.parameterCount}`);
    this.views.theta.set(theta);
    this.issue(SHARD_PREPARE, 0);
    const own = this.local.prepare(theta);
    this.collect();
    let loss = this.weights[0] * own;
    for (let k = 0; k < this.threads.length; k++) loss += this.weights[k + 1] * this.views.losses[k];
    return loss;
  }

  apply(v: Float64Array, out: Float64Array): void {
    this.applyBlock(v, out, 1);
  }

  applyBlock(V: Float64Array, out: Float64Array, count: number): void {
    const P = this.parameterCount;
    if (!Number.isInteger(count) || count < 1 || count > this.blockSize) throw new RangeError(`count must be a whole number in [1, ${this.blockSize}], got ${count}`);
    if (V.length < count * P || out.length < count * P) throw new RangeError(`V and out need ${count} × ${P} entries`);
    const n = count * P;
    this.views.V.set(V.subarray(0, n));
    this.issue(SHARD_APPLY, count);
    if (count === 1) this.local.apply(V.subarray(0, P), out.subarray(0, P));
    else this.local.applyBlock(V, out, count);
    this.collect();
    const w0 = this.weights[0];
    for (let i = 0; i < n; i++) out[i] *= w0;
    for (let k = 0; k < this.threads.length; k++) {
      const part = this.views.out(k);
      const w = this.weights[k + 1];
      for (let i = 0; i < n; i++) out[i] += w * part[i];
    }
  }

  /** Ends the threads (idempotent). */
  async close(): Promise<void> {
    if (!this.closed) {
      try {
        this.issue(SHARD_CLOSE, 0);
        this.collect(2_000);
      } catch {
        // a thread that does not answer is terminated below
      }
      this.closed = true;
    }
    // Also after a failed request closed the products: its error ports are still open.
    await Promise.all(this.threads.map((t) => t.worker.terminate()));
    for (const t of this.threads) t.errors.close();
  }

  private issue(cmd: number, count: number): void {
    if (this.closed) throw new ShardedHvpError('the sharded HVP products were closed');
    const c = this.control;
    Atomics.store(c, SHARD_CMD, cmd);
    Atomics.store(c, SHARD_COUNT, count);
    this.seq++;
    for (let k = 0; k < this.threads.length; k++) {
      Atomics.store(c, shardRequest(k), this.seq);
      Atomics.notify(c, shardRequest(k));
    }
  }

  /**
   * Waits for every shard's answer to the last request. A shard that stopped (killed, crashed)
   * never answers: after `limitMs` without an answer the products fail instead of hanging.
   */
  private collect(limitMs = this.answerTimeoutMs): void {
    const c = this.control;
    const failures: string[] = [];
    for (let k = 0; k < this.threads.length; k++) {
      const at = shardDone(k);
      const until = performance.now() + limitMs;
      for (;;) {
        const done = Atomics.load(c, at);
        if (done === this.seq) break;
        if (done === -this.seq) {
          const message = receiveMessageOnPort(this.threads[k].errors)?.message;
          failures.push(`shard ${k + 1}: ${typeof message === 'string' ? message : 'failed'}`);
          break;
        }
        if (performance.now() > until) {
          this.closed = true;
          for (const t of this.threads) void t.worker.terminate();
          throw new ShardedHvpError(`HVP shard ${k + 1} gave no answer within ${limitMs} ms; its thread was stopped`);
        }
        Atomics.wait(c, at, done, Math.min(1_000, limitMs));
      }
    }
    if (failures.length > 0) throw new ShardedHvpError(`the sharded HVP products failed (${failures.join('; ')})`);
  }
}

/**
 * The service's GPU (issue 13): probe and batch flows run in the GPU worker process
 * (gpu.worker.ts), started on first use and again after it died; the float64 finish stays in the
 * compute pool. Structurally a `GpuBackend` (main/services/gpuBatches.ts).
 *
 * - cancel: `input.shouldStop()` is polled every `pollMs`; when true the worker is asked to end
 *   that flow at its next read-back; if it has not answered within `cancelGraceMs` (a dispatch
 *   that does not return) the worker is killed. Either way the flow rejects with
 *   GpuCancelledError within about pollMs + cancelGraceMs.
 * - hang: a flow or probe that hears nothing for `hangTimeoutMs` (no progress: the worker reports
 *   after every read-back) kills the worker.
 * - death (crash, kill, hang, protocol break): every request in flight rejects with
 *   GpuWorkerStoppedError "the GPU worker stopped (reason); …" and a probe answers "no adapter"
 *   with that reason. The batch fails rather than silently continuing on the CPU: a batch asked
 *   for `device: gpu` is stored and timed as a GPU batch (batch.json, per-run gpu phase), and
 *   mixing in CPU-trained runs would change what was measured without anyone noticing; the failed
 *   runs are not stored, so `batches.resume` reruns exactly them (on the GPU, or on the CPU when the
 *   GPU is gone: the probe then says why).
 */
import type { GpuBatchInput, GpuBatchOutput } from './gpuBatch';
import { GpuCancelledError, GpuTrainError } from './batchTrainer';
import { GpuUnavailableError, type GpuProbe } from './device';
import { forkGpuWorker, type GpuChannel, type GpuLauncher } from './gpuChannel';
import { FromGpuWorkerSchema, type ToGpuWorker } from './workerProtocol';

export class GpuWorkerStoppedError extends Error {
  override name = 'GpuWorkerStoppedError';
}

export interface GpuWorkerOptions {
  readonly launch?: GpuLauncher;
  /** How long a cancelled flow may take to stop before the worker is killed (default 2 s). */
  readonly cancelGraceMs?: number;
  /** Silence after which a busy worker counts as hung and is killed (default 10 min: one SwiftShader read-back of a big batch can take minutes). */
  readonly hangTimeoutMs?: number;
  /** How often shouldStop and the timers are checked (default 50 ms). */
  readonly pollMs?: number;
}

interface Pending {
  readonly kind: 'probe' | 'flow';
  readonly input?: GpuBatchInput;
  resolve(value: unknown): void;
  reject(error: Error): void;
  lastHeard: number;
  cancelledAt: number | null;
}

const duration = (ms: number): string => (ms < 10_000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`);

const STOPPED_HINT = 'the batch fails; batches.resume reruns its runs';

/** Rebuilds the worker's error with its class, so callers can tell a cancel or an unsupported batch from a crash. */
function workerError(name: string, message: string): Error {
  if (name === 'GpuCancelledError') return new GpuCancelledError(message);
  if (name === 'GpuUnavailableError') return new GpuUnavailableError(message);
  if (name === 'GpuTrainError') return new GpuTrainError(message);
  const e = new Error(message);
  e.name = name;
  return e;
}

export class GpuWorkerBackend {
  private channel: GpuChannel | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly launch: GpuLauncher;
  private readonly cancelGraceMs: number;
  private readonly hangTimeoutMs: number;
  private readonly pollMs: number;
  /** Why the last worker stopped (null: none stopped yet, or it was closed). */
  lastStop: string | null = null;

  constructor(options: GpuWorkerOptions = {}) {
    this.launch = options.launch ?? forkGpuWorker;
    this.cancelGraceMs = options.cancelGraceMs ?? 2_000;
    this.hangTimeoutMs = options.hangTimeoutMs ?? 600_000;
    this.pollMs = options.pollMs ?? 50;
  }

  /** The running worker's process id, or undefined when none runs. */
  get pid(): number | undefined {
    return this.channel?.pid;
  }

  async probe(): Promise<GpuProbe> {
    try {
      return (await this.request('probe')) as GpuProbe;
    } catch (error) {
      return { adapter: null, reason: (error as Error).message };
    }
  }

  async flow(input: GpuBatchInput): Promise<GpuBatchOutput> {
    return (await this.request('flow', input)) as GpuBatchOutput;
  }

  /** Stops the worker (in-flight requests reject); a later request starts a new one. */
  async close(): Promise<void> {
    const channel = this.channel;
    if (!channel) return;
    await new Promise<void>((resolve) => {
      const kill = setTimeout(() => channel.kill(), 2_000);
      channel.onExit(() => {
        clearTimeout(kill);
        resolve();
      });
      channel.close();
    });
  }

  private request(kind: 'probe' | 'flow', input?: GpuBatchInput): Promise<unknown> {
    const id = this.nextId++;
    const channel = this.worker();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { kind, ...(input ? { input } : {}), resolve, reject, lastHeard: Date.now(), cancelledAt: null });
      this.busy();
      let message: ToGpuWorker;
      if (kind === 'probe') message = { type: 'probe', id };
      else {
        const { specs, architecture, data, kernel } = input!;
        // Callbacks in `kernel` (tests may pass them) cannot cross: the protocol takes the numbers only.
        const { shouldStop: _s, onProgress: _p, ...numbers } = kernel ?? {};
        message = { type: 'flow', id, input: { specs: [...specs], ...(architecture ? { architecture } : {}), ...(data ? { data } : {}), ...(kernel ? { kernel: numbers } : {}) } };
      }
      channel.send(message);
    });
  }

  private worker(): GpuChannel {
    if (this.channel) return this.channel;
    const channel = this.launch();
    this.channel = channel;
    channel.onMessage((raw) => this.receive(channel, raw));
    channel.onExit((reason) => this.stopped(channel, reason));
    return channel;
  }

  private receive(channel: GpuChannel, raw: unknown): void {
    const parsed = FromGpuWorkerSchema.safeParse(raw);
    if (!parsed.success) {
      this.kill(channel, `it broke the message protocol: ${parsed.error.message.slice(0, 300)}`);
      return;
    }
    const m = parsed.data;
    const p = this.pending.get(m.id);
    if (!p) return; // answered after a cancel we already settled
    p.lastHeard = Date.now();
    if (m.type === 'progress') return void p.input?.onProgress?.(m.running, m.total);
    this.pending.delete(m.id);
    this.busy();
    if (m.type === 'failed') p.reject(workerError(m.error.name, m.error.message));
    else if (m.type === 'probed') p.resolve(m.probe);
    else p.resolve(m.output);
  }

  /** Kills the worker; its exit settles everything in flight with `reason`. */
  private kill(channel: GpuChannel, reason: string): void {
    this.killReason.set(channel, reason);
    channel.kill();
  }

  private readonly killReason = new WeakMap<GpuChannel, string>();

  private stopped(channel: GpuChannel, exitReason: string): void {
    if (this.channel === channel) this.channel = null;
    const reason = this.killReason.get(channel) ?? exitReason;
    this.lastStop = reason;
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      p.reject(p.cancelledAt !== null ? new GpuCancelledError('GPU batch cancelled') : new GpuWorkerStoppedError(`the GPU worker stopped (${reason}); ${p.kind === 'flow' ? STOPPED_HINT : 'no GPU until it starts again'}`));
    }
    this.busy();
  }

  /** Runs the watchdog (and keeps the worker referenced) exactly while requests are in flight. */
  private busy(): void {
    const busy = this.pending.size > 0;
    this.channel?.setBusy(busy);
    if (busy && !this.timer) this.timer = setInterval(() => this.watch(), this.pollMs);
    if (!busy && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  private watch(): void {
    const channel = this.channel;
    if (!channel) return;
    const now = Date.now();
    for (const [id, p] of this.pending) {
      if (p.cancelledAt === null && p.input?.shouldStop?.()) {
        p.cancelledAt = now;
        channel.send({ type: 'cancel', id });
      }
      if (p.cancelledAt !== null && now - p.cancelledAt > this.cancelGraceMs) {
        // The flow did not come back to a read-back in time: only killing the process ends it.
        return this.kill(channel, `it did not stop within ${duration(this.cancelGraceMs)} of a cancel`);
      }
      if (now - p.lastHeard > this.hangTimeoutMs) return this.kill(channel, `no answer for ${duration(this.hangTimeoutMs)}`);
    }
  }
}

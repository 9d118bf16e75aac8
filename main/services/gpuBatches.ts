/**
 * The service side of GPU batches (issue 13): where a batch runs (`device` cpu / gpu / auto), the
 * adapter report behind `system.gpu`, and the GPU flow of one enqueued batch, whose end points
 * each become a `gpuFinish` pool task (the CPU float64 finish) when the batch queue launches that
 * run. Dawn runs in the GPU worker process (native-workers/gpu/gpu.worker.ts, started by
 * GpuWorkerBackend on the first `system.gpu` call or gpu/auto batch), never in the service's own
 * process nor in the compute workers: a Dawn crash or hang ends that process, not the studio.
 */
import { AUTO_GPU_MIN_SEEDS, type GpuInfo } from '../../contract/gpu';
import type { ExperimentSpec, RunSpec } from '../../contract/experiment';
import type { TaskData, TaskPayload } from '../../contract/tasks';
import { probeGpu, type GpuProbe } from '../../native-workers/gpu/device';
import { gpuUnsupported, runGpuFlow, type GpuBatchInput, type GpuBatchOutput } from '../../native-workers/gpu/gpuBatch';
import { GpuWorkerBackend, type GpuWorkerOptions } from '../../native-workers/gpu/workerBackend';

/** What the service needs from the GPU (tests pass a backend without an adapter). */
export interface GpuBackend {
  probe(): Promise<GpuProbe>;
  flow(input: GpuBatchInput): Promise<GpuBatchOutput>;
  /** Releases what it holds (the worker process); a later call may start it again. */
  close?(): Promise<void>;
}

/** Dawn in this process (scripts and tests that measure the kernel itself; the service uses workerGpu). */
export const dawnBackend: GpuBackend = { probe: probeGpu, flow: runGpuFlow };

/** Dawn in a GPU worker process of its own (workerBackend.ts): what the studio and the CLI use. */
export function workerGpu(options: GpuWorkerOptions = {}): GpuBackend {
  return new GpuWorkerBackend(options);
}

export async function gpuInfo(backend: GpuBackend): Promise<GpuInfo> {
  const p = await backend.probe();
  return { adapter: p.adapter ? { ...p.adapter, limits: { ...p.adapter.limits } } : null, reason: p.reason, autoMinSeeds: AUTO_GPU_MIN_SEEDS };
}

export interface Placement {
  readonly device: 'cpu' | 'gpu';
  /** Why a gpu/auto request runs on the CPU (stored with the batch); null when it runs where asked. */
  readonly note: string | null;
}

/** Where `spec` runs: 'cpu' as asked; 'gpu' unless the kernel cannot train it or there is no adapter; 'auto' = gpu for large flow batches. */
export async function placeBatch(spec: ExperimentSpec, backend: GpuBackend): Promise<Placement> {
  const asked = spec.device ?? 'cpu';
  if (asked === 'cpu') return { device: 'cpu', note: null };
  const unsupported = gpuUnsupported(spec, spec.initialTheta !== undefined);
  if (asked === 'auto') {
    if (spec.seeds.length < AUTO_GPU_MIN_SEEDS) return { device: 'cpu', note: null };
    if (unsupported) return { device: 'cpu', note: null };
    const p = await backend.probe();
    return p.adapter ? { device: 'gpu', note: null } : { device: 'cpu', note: null };
  }
  if (unsupported) return { device: 'cpu', note: `device gpu: ${unsupported}; this batch runs on the CPU` };
  const p = await backend.probe();
  if (!p.adapter) return { device: 'cpu', note: `device gpu: ${p.reason}; this batch runs on the CPU` };
  return { device: 'gpu', note: null };
}

/**
 * The GPU flow of one enqueued batch: started at once for all its seeds; `payload(seed)` resolves
 * with that run's `gpuFinish` payload when the whole batch stopped on the GPU.
 */
export class GpuFlowGate {
  private readonly done: Promise<Map<number, TaskPayload<'gpuFinish'>>>;
  private stopped = false;
  /** Runs that still want the GPU phase's result (a batch may list a seed twice). */
  private waiting: number;
  /** E.g. "GPU flow: 120/4000 students stopped", "GPU Adam: …" (shown as the waiting jobs' message). */
  status: string;

  constructor(backend: GpuBackend, specs: readonly RunSpec[], extra: { architecture?: TaskPayload<'train'>['architecture']; data?: TaskData }) {
    const method = specs[0]?.method;
    const label = method === 'adam' ? 'GPU Adam' : method === 'gd' ? 'GPU gradient descent' : 'GPU flow';
    this.status = `${label}: starting`;
    this.waiting = specs.length;
    this.done = backend
      .flow({
        specs,
        ...extra,
        shouldStop: () => this.stopped,
        onProgress: (running, total) => {
          this.status = `${label}: ${total - running}/${total} students stopped`;
        },
      })
      .then((out) => new Map(out.payloads.map((p) => [p.spec.seed, p])));
    this.done.catch(() => undefined);
  }

  payload(seed: number): Promise<TaskPayload<'gpuFinish'>> {
    return this.done.then((m) => {
      const p = m.get(seed);
      if (!p) throw new Error(`GPU batch: no result for seed ${seed}`);
      return p;
    });
  }

  /** Ends the GPU phase (the batch was cancelled); waiting payloads reject. */
  cancel(): void {
    this.stopped = true;
  }

  /**
   * One run no longer waits (its job was cancelled): once none waits, the GPU phase ends. (A
   * batch whose runs are all launched is cancelled job by job, so this is how its GPU phase stops
   * instead of running on to the end for nobody.)
   */
  drop(): void {
    if (--this.waiting <= 0) this.cancel();
  }
}

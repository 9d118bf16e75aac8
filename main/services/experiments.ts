/**
 * `experiments.start` / `jobs.*`: one pool job per seed; each finished run is written to the
 * workspace (its batch folder for batches) before `run.added` and `job.done` are emitted.
 */
import type { ArchitectureSpec } from '../../contract/architecture';
import { ContractError, StudioError } from '../../contract/errors';
import type { ExperimentSpec, RunSpec } from '../../contract/experiment';
import { queuedJob, type JobInfo, type JobRef } from '../../contract/jobs';
import type { MethodRequest, MethodResult } from '../../contract/methods';
import type { RunOrigin } from '../../contract/origin';
import type { RunSummary } from '../../contract/runs';
import type { TaskData, TaskResult } from '../../contract/tasks';
import type { StoredDataset } from '../workspace/datasets';
import { JobCancelledError } from '../../native-workers/pool/errors';
import type { WorkerPool } from '../../native-workers/pool/pool';
import { newId } from '../workspace/ids';
import type { Workspace } from '../workspace/workspace';
import { toStudioError } from './errors';
import type { EventHub } from './eventHub';
import { JobTable, progressCallbacks, type TrackedJob } from './jobTable';
import { submitTask } from './taskClient';
import { BatchQueue, type PendingRun } from './batchQueue';
import { queueProblem, type MachineLimits } from './budgets';
import { GpuCancelledError } from '../../native-workers/gpu/batchTrainer';
import { GpuFlowGate, workerGpu, placeBatch, type GpuBackend, type Placement } from './gpuBatches';

export class ExperimentRunner {
  readonly jobs = new JobTable();
  /** Stored datasets that runs of this session train on (loadDataset). */
  private readonly datasets = new Map<string, StoredDataset>();
  /** Workspace writes in flight; shutdown waits for them. */
  private readonly writes = new Set<Promise<unknown>>();

  /** Pending runs: a batch is one item that expands lazily into pool jobs (batchQueue.ts). */
  readonly queue: BatchQueue;
  /** Set by the service: the queue limit is checked against it. */
  limits: Pick<MachineLimits, 'maxQueuedRuns'> = { maxQueuedRuns: Infinity };
  /** The GPU behind `device: 'gpu' | 'auto'` batches (Dawn in a worker process, started on first use; tests may set another). */
  gpu: GpuBackend = workerGpu();
  /** GPU flows of enqueued batches, by batch id ('' for a single run), until their runs launched. */
  private readonly gates = new Map<string, Set<GpuFlowGate>>();

  constructor(
    private readonly pool: WorkerPool,
    private readonly workspace: Workspace,
    private readonly events: EventHub,
  ) {
    // Enough runs in the pool to keep every worker and its prefetch slot busy.
    this.queue = new BatchQueue(() => 2 * this.pool.size + 2);
    this.jobs.onFinish = (job) => this.queue.settled(job.info.jobId);
  }

  async start(spec: ExperimentSpec): Promise<MethodResult<'experiments.start'>> {
    this.checkStart(spec);
    if (spec.dataset !== undefined) await this.loadDataset(spec.dataset, spec.architecture?.layers, 'experiments.start');
    const full = queueProblem('seeds', spec.seeds.length, this.queue.pending + this.queue.launched, this.limits as MachineLimits);
    if (full !== null) throw new ContractError(`experiments.start: ${full}`);
    const placement = await placeBatch(spec, this.gpu);
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
          ...(spec.device !== undefined ? { device: placement.device } : {}),
          ...(placement.note !== null ? { deviceNote: placement.note } : {}),
        }),
      );
    }
    const started = this.enqueue(spec, spec.seeds, batchId, placement);
    return { batchId, jobs: started, ...(spec.device !== undefined ? { device: placement.device, deviceNote: placement.note } : {}) };
  }

  /** Queues one run per seed (lazily launched); ids are assigned now so the caller can follow them. */
  private enqueue(
    spec: Omit<ExperimentSpec, 'initialTheta'> & { initialTheta?: number[] },
    seeds: readonly number[],
    batchId: string | null,
    placement: Placement = { device: 'cpu', note: null },
  ): PendingRun[] {
    const started: PendingRun[] = seeds.map((seed) => ({ jobId: newId('job'), runId: newId('run'), seed }));
    const runSpecOf = (seed: number): RunSpec => ({
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
        ...(spec.dataset !== undefined ? { dataset: spec.dataset } : {}),
    });
    // GPU: one flow for all seeds starts now; each run, when the queue launches it, waits for it
    // and goes to the pool as a gpuFinish task (the CPU float64 finish).
    const gate =
      placement.device === 'gpu'
        ? new GpuFlowGate(this.gpu, seeds.map(runSpecOf), {
            ...(spec.architecture !== undefined ? { architecture: spec.architecture } : {}),
            ...(spec.dataset !== undefined ? { data: this.datasetPayload(spec.dataset) } : {}),
          })
        : null;
    if (gate) {
      const key = batchId ?? '';
      if (!this.gates.has(key)) this.gates.set(key, new Set());
      this.gates.get(key)!.add(gate);
    }
    let unlaunched = started.length;
    this.queue.add(batchId, started, ({ jobId, runId, seed }) => {
      const origin = spec.origin ?? { kind: 'train' as const };
      if (!gate) return void this.launch(runSpecOf(seed), spec.initialTheta ?? null, batchId, spec.name ?? null, origin, spec.architecture, { jobId, runId });
      if (--unlaunched === 0) this.gates.get(batchId ?? '')?.delete(gate);
      this.launchGpu(gate, runSpecOf(seed), batchId, spec.name ?? null, origin, { jobId, runId });
    });
    return started;
  }

  /**
   * Resumes a batch interrupted by a crash or a cancel: queues the seeds of its batch.json that
   * have no stored run and are not queued or running now. Returns the runs queued.
   */
  async resume(batchId: string): Promise<PendingRun[]> {
    const record = this.workspace.getBatchRecord(batchId);
    if (record.spec.dataset !== undefined) await this.loadDataset(record.spec.dataset, record.spec.architecture?.layers, 'batches.resume');
    const done = new Set(this.workspace.listRuns(batchId).map((r) => r.spec.seed));
    for (const job of this.jobs.active()) if (job.info.batchId === batchId && job.info.seed !== null) done.add(job.info.seed);
    if (this.queue.pendingBatches().has(batchId)) for (const run of this.queue.page(0, Infinity)) if (run.batchId === batchId && run.seed !== null) done.add(run.seed);
    const seeds = record.spec.seeds.filter((seed) => !done.has(seed));
    const full = queueProblem('batchId', seeds.length, this.queue.pending + this.queue.launched, this.limits as MachineLimits);
    if (full !== null) throw new ContractError(`batches.resume: ${full}`);
    return this.enqueue(record.spec, seeds, batchId, await placeBatch(record.spec, this.gpu));
  }

  /** True while a batch has runs queued or running in this session. */
  isActive(batchId: string): boolean {
    if (this.queue.pendingBatches().has(batchId)) return true;
    return this.jobs.active().some((j) => j.info.batchId === batchId);
  }

  /** jobs.list: the job table (running, recent) then the queued runs not yet launched, one page. */
  listPage(offset: number, limit: number): { jobs: JobInfo[]; total: number } {
    const table = this.jobs.list();
    const total = table.length + this.queue.pending;
    const jobs = table.slice(offset, offset + limit);
    if (jobs.length < limit) jobs.push(...this.queue.page(Math.max(0, offset - table.length), limit - jobs.length));
    return { jobs, total };
  }

  /**
   * A stored dataset for runs that name it, loaded once per start/resume and kept (the last few)
   * so the lazily launched runs of a batch need no file reads; each run gets its own copy, since
   * the payload's buffers are transferred to the worker.
   */
  private async loadDataset(datasetId: string, layers: ArchitectureSpec['layers'] | undefined, method: string): Promise<void> {
    if (!this.workspace.datasets.has(datasetId)) throw new StudioError('not-found', `${method}: dataset: no dataset '${datasetId}' in the workspace`);
    if (!layers) throw new ContractError(`${method}: architecture: training on a stored dataset needs the network's architecture (its input and output sizes must match the data)`);
    const s = this.workspace.datasets.summary(datasetId);
    const inputs = layers[0].inputs;
    const outputs = layers[layers.length - 1].outputs;
    if (inputs !== s.inputDim || outputs !== s.outputDim)
      throw new ContractError(`${method}: dataset: the network maps ${inputs} → ${outputs}, dataset '${s.name}' has ${s.inputDim} inputs → ${s.outputDim} targets`);
    if (!this.datasets.has(datasetId)) {
      this.datasets.set(datasetId, await this.workspace.datasets.load(datasetId));
      if (this.datasets.size > 4) this.datasets.delete(this.datasets.keys().next().value!);
    }
  }

  private datasetPayload(datasetId: string): TaskData {
    const d = this.datasets.get(datasetId);
    if (!d) throw new StudioError('not-found', `train: dataset: '${datasetId}' is not loaded`);
    const { count, inputDim, outputDim } = d.summary;
    return { kind: 'inline', count, inputDim, outputDim, X: d.X.slice(), Y: d.Y.slice() };
  }

  /** What the schema cannot see: the runs an origin names exist, the architecture agrees with the width. */
  private checkStart(spec: ExperimentSpec): void {
    const origin = spec.origin;
    const named = origin?.kind === 'split' ? ['origin.parentRunId', origin.parentRunId] : origin?.fromRunId !== undefined ? ['origin.fromRunId', origin.fromRunId] : null;
    if (named && !this.workspace.hasRun(named[1]))
      throw new StudioError('not-found', `experiments.start: ${named[0]}: no run '${named[1]}' in the workspace`);
    const layers = spec.architecture?.layers;
    if (layers && layers.length > 1 && layers[0].outputs !== spec.width)
      throw new ContractError(`experiments.start: width: ${spec.width} differs from architecture.layers[0].outputs (${layers[0].outputs})`);
    for (let i = 1; layers && i < layers.length; i++) {
      if (layers[i].inputs !== layers[i - 1].outputs)
        throw new ContractError(`experiments.start: architecture.layers[${i}].inputs: ${layers[i].inputs} differs from layers[${i - 1}].outputs (${layers[i - 1].outputs})`);
    }
  }

  private launch(
    spec: RunSpec,
    initialTheta: number[] | null,
    batchId: string | null,
    name: string | null,
    origin: RunOrigin,
    architecture: ArchitectureSpec | undefined,
    ids?: { jobId: string; runId: string },
  ): { jobId: string; runId: string; seed: number } {
    const jobId = ids?.jobId ?? newId('job');
    const runId = ids?.runId ?? newId('run');
    const ref: JobRef = { jobId, kind: 'train', runId, batchId };
    const info = queuedJob(ref, spec.seed);
    let tracked: TrackedJob | null = null;
    const task = submitTask(
      this.pool,
      'train',
      {
        spec,
        initialTheta: initialTheta ? Float64Array.from(initialTheta) : null,
        ...(architecture !== undefined ? { architecture } : {}),
        ...(spec.dataset !== undefined ? { data: this.datasetPayload(spec.dataset) } : {}),
      },
      {
        transferPayload: true,
        ...progressCallbacks(() => tracked, this.events, ref),
      },
    );
    tracked = this.jobs.add(info, task.poolJob.id, () => task.poolJob.cancel());
    this.settle(task.result, tracked, ref, spec, runId, batchId, name, origin);
    return { jobId, runId, seed: spec.seed };
  }

  /**
   * A run of a GPU batch: listed (running, with the GPU flow's status) at once; when the batch's
   * GPU flow stopped, its end point goes to the pool as a `gpuFinish` task.
   */
  private launchGpu(gate: GpuFlowGate, spec: RunSpec, batchId: string | null, name: string | null, origin: RunOrigin, ids: { jobId: string; runId: string }): void {
    const { jobId, runId } = ids;
    const ref: JobRef = { jobId, kind: 'train', runId, batchId };
    let cancelled = false;
    let poolJob: { cancel(): void } | null = null;
    const job: TrackedJob = this.jobs.add({ ...queuedJob(ref, spec.seed), state: 'running', message: gate.status }, 'gpu', () => {
      if (!cancelled) gate.drop();
      cancelled = true;
      poolJob?.cancel();
    });
    const refresh = setInterval(() => {
      if (job.info.state === 'running' && poolJob === null) job.info = { ...job.info, message: gate.status };
    }, 500);
    refresh.unref?.();
    const result = gate.payload(spec.seed).then(
      (payload) => {
        clearInterval(refresh);
        if (cancelled) throw new JobCancelledError('cancelled');
        job.info = { ...job.info, message: null };
        const task = submitTask(this.pool, 'gpuFinish', payload, { transferPayload: true, ...progressCallbacks(() => job, this.events, ref) });
        poolJob = task.poolJob;
        return task.result;
      },
      (error: unknown) => {
        // A cancelled batch ends its GPU phase with GpuCancelledError: its runs are cancelled, not failed.
        throw cancelled || error instanceof GpuCancelledError ? new JobCancelledError('cancelled') : error;
      },
    );
    result.catch(() => clearInterval(refresh));
    this.settle(result, job, ref, spec, runId, batchId, name, origin);
  }

  /** Stores a finished run and announces it, or marks the job failed / cancelled. */
  private settle(result: Promise<TaskResult<'train'>>, job: TrackedJob, ref: JobRef, spec: RunSpec, runId: string, batchId: string | null, name: string | null, origin: RunOrigin): void {
    const done = result
      .then((result) => this.store(result, spec, runId, batchId, name, origin))
      .then((run) => {
        this.jobs.finish(job, 'done', null, run.result.finalLoss);
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
  }

  private async store(
    result: TaskResult<'train'>,
    spec: RunSpec,
    runId: string,
    batchId: string | null,
    name: string | null,
    origin: RunOrigin,
  ): Promise<RunSummary> {
    const summary: RunSummary = {
      runId,
      batchId,
      name,
      createdAt: Date.now(),
      spec,
      origin,
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
    if (request.batchId !== undefined) for (const gate of this.gates.get(request.batchId) ?? []) gate.cancel();
    let count = this.dropPending(this.queue.cancel(request.batchId !== undefined ? { batchId: request.batchId } : { jobId: request.jobId! }));
    for (const job of this.jobs.active()) {
      if (job.info.jobId === request.jobId || (request.batchId !== undefined && job.info.batchId === request.batchId)) {
        job.cancel();
        count++;
      }
    }
    return count;
  }

  cancelAll(): number {
    for (const set of this.gates.values()) for (const gate of set) gate.cancel();
    const pending = this.dropPending(this.queue.cancelAll());
    const active = this.jobs.active();
    for (const job of active) job.cancel();
    return pending + active.length;
  }

  /** Pending runs removed from the queue: each gets its `job.failed` (cancelled), as a queued pool job would. */
  private dropPending(removed: ReturnType<BatchQueue['cancelAll']>): number {
    for (const run of removed) {
      const ref = { jobId: run.jobId, kind: 'train' as const, runId: run.runId, batchId: run.batchId };
      this.events.emit({ type: 'job.failed', payload: { ...ref, reason: 'train: cancelled before it started', cancelled: true } });
    }
    return removed.length;
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

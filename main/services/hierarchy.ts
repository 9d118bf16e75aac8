/**
 * `hierarchy.*`: a hierarchy exploration runs as one pool job (listed by `jobs.list`, cancelled by
 * `jobs.cancel`, progress as `job.progress`); its graph is written to the workspace before `job.done`.
 */
import type { HierarchyExploreRequest, HierarchyTaskPayload, HierarchyTaskResult } from '../../contract/hierarchy';
import { queuedJob, type JobRef } from '../../contract/jobs';
import type { MethodRequest, MethodResult } from '../../contract/methods';
import { JobCancelledError } from '../../native-workers/pool/errors';
import type { WorkerPool } from '../../native-workers/pool/pool';
import { newId } from '../workspace/ids';
import type { Workspace } from '../workspace/workspace';
import { toStudioError } from './errors';
import type { EventHub } from './eventHub';
import type { ExperimentRunner } from './experiments';
import { progressCallbacks, type TrackedJob } from './jobTable';
import { submitTask } from './taskClient';

export function hierarchyPayload(request: HierarchyExploreRequest): HierarchyTaskPayload {
  return {
    data: {
      kind: 'teacher',
      teacher: request.teacher,
      dataSeed: request.dataSeed,
      ...(request.samples !== undefined ? { samples: request.samples } : {}),
    },
    activation: request.activation ?? null,
    widths: request.widths,
    seedsPerWidth: request.seedsPerWidth,
    firstSeed: request.firstSeed,
    init: request.init,
    gammas: request.gammas,
    nudge: request.nudge,
    method: request.method,
    maxSteps: request.maxSteps ?? null,
    lossTarget: request.lossTarget ?? null,
    maxNodes: request.maxNodes,
  };
}

export class HierarchyRunner {
  constructor(
    private readonly pool: WorkerPool,
    private readonly workspace: Workspace,
    private readonly events: EventHub,
    /** Shares its job table (jobs.list / jobs.cancel) and its write tracking (shutdown). */
    private readonly experiments: ExperimentRunner,
  ) {}

  explore(request: MethodRequest<'hierarchy.explore'>): MethodResult<'hierarchy.explore'> {
    const jobId = newId('job');
    const hierarchyId = newId('hier');
    const ref: JobRef = { jobId, kind: 'hierarchy', runId: null, batchId: null };
    const info = queuedJob(ref, null);
    let tracked: TrackedJob | null = null;
    const { poolJob, result } = submitTask(this.pool, 'hierarchy', hierarchyPayload(request), progressCallbacks(() => tracked, this.events, ref));
    tracked = this.experiments.jobs.add(info, poolJob.id, () => poolJob.cancel());
    const job = tracked;
    const done = result
      .then((parsed) => this.store(parsed, request, hierarchyId))
      .then(() => {
        this.experiments.jobs.finish(job, 'done', null);
        this.events.emit({ type: 'job.done', payload: { ...ref, run: null } });
      })
      .catch((error: unknown) => {
        const cancelled = error instanceof JobCancelledError;
        const reason = toStudioError(error, 'hierarchy.explore').message;
        this.experiments.jobs.finish(job, cancelled ? 'cancelled' : 'failed', reason);
        this.events.emit({ type: 'job.failed', payload: { ...ref, reason, cancelled } });
      });
    void this.experiments.track(done);
    return { jobId, hierarchyId };
  }

  private async store(result: HierarchyTaskResult, request: HierarchyExploreRequest, hierarchyId: string): Promise<void> {
    await this.workspace.hierarchies.add(
      {
        hierarchyId,
        name: request.name ?? null,
        createdAt: Date.now(),
        request,
        activation: result.activation,
        inputDim: result.inputDim,
        outputDim: result.outputDim,
        nodeCount: result.nodes.length,
        edgeCount: result.edges.length,
        widths: result.widths,
        runs: result.runs,
        truncated: result.truncated,
        uphill: result.uphill,
        seconds: result.seconds,
      },
      result,
    );
  }
}

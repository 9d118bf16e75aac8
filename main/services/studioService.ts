/**
 * The services behind the StudioApi: a workspace, a worker pool and the event hub. Both hosts
 * (Electron IPC, WebSocket) and the CLI call the same handlers through `dispatch`.
 */
import type { StudioHandlers } from '../../contract/api';
import { StudioError } from '../../contract/errors';
import type { StudioEvent } from '../../contract/events';
import type { WorkerEntry } from '../../native-workers/pool/entry';
import { WorkerPool } from '../../native-workers/pool/pool';
import { Workspace } from '../workspace/workspace';
import { EventHub } from './eventHub';
import { ExperimentRunner } from './experiments';
import { HierarchyRunner } from './hierarchy';
import { landscape, teacher } from './landscape';
import { analyze, split, surface } from './points';
import { exportRunMethod, getRun, listRuns } from './runs';

export interface StudioServiceOptions {
  readonly workspaceDir: string;
  readonly workerEntry: WorkerEntry;
  /** Worker threads; default cores − 1. */
  readonly poolSize?: number;
  readonly cancelGraceMs?: number;
  readonly hangTimeoutMs?: number;
}

export class StudioService {
  readonly handlers: StudioHandlers;
  private readonly events = new EventHub();
  private readonly experiments: ExperimentRunner;
  private readonly hierarchy: HierarchyRunner;
  private closing = false;

  private constructor(
    readonly workspace: Workspace,
    readonly pool: WorkerPool,
  ) {
    this.experiments = new ExperimentRunner(pool, workspace, this.events);
    this.hierarchy = new HierarchyRunner(pool, workspace, this.events, this.experiments);
    const open = (): void => {
      if (this.closing) throw new StudioError('unavailable', 'the studio is shutting down');
    };
    this.handlers = {
      'experiments.start': async (r) => (open(), this.experiments.start(r)),
      'jobs.cancel': async (r) => ({ cancelled: this.experiments.cancel(r) }),
      'jobs.list': async () => ({ jobs: this.experiments.jobs.list() }),
      'runs.list': async (r) => listRuns(this.workspace, r),
      'runs.get': async (r) => getRun(this.workspace, r),
      'runs.delete': async (r) => {
        if (r.batchId !== undefined) {
          this.experiments.cancel({ batchId: r.batchId });
          return { deleted: await this.workspace.deleteBatch(r.batchId) };
        }
        return { deleted: await this.workspace.deleteRun(r.runId!) };
      },
      'runs.export': async (r) => exportRunMethod(this.workspace, r),
      analyze: async (r) => (open(), analyze(this.pool, this.workspace, r)),
      split: async (r) => (open(), split(this.pool, this.workspace, r)),
      surface: async (r) => (open(), surface(this.pool, this.workspace, r)),
      landscape: async (r) => (open(), landscape(this.pool, this.workspace, r)),
      teacher: async (r) => (open(), teacher(this.pool, r)),
      'hierarchy.explore': async (r) => (open(), this.hierarchy.explore(r)),
      'hierarchy.list': async () => ({ hierarchies: this.workspace.hierarchies.list() }),
      'hierarchy.get': async (r) => this.workspace.hierarchies.load(r.hierarchyId),
    };
  }

  static async open(options: StudioServiceOptions): Promise<StudioService> {
    const workspace = await Workspace.open(options.workspaceDir);
    const pool = new WorkerPool({
      entry: options.workerEntry,
      ...(options.poolSize !== undefined ? { size: options.poolSize } : {}),
      ...(options.cancelGraceMs !== undefined ? { cancelGraceMs: options.cancelGraceMs } : {}),
      ...(options.hangTimeoutMs !== undefined ? { hangTimeoutMs: options.hangTimeoutMs } : {}),
    });
    return new StudioService(workspace, pool);
  }

  /** The worker-pool job behind a service job id (diagnostics and tests). */
  poolJobOf(jobId: string): string | undefined {
    return this.experiments.jobs.get(jobId)?.poolJobId;
  }

  subscribe(listener: (event: StudioEvent) => void): () => void {
    return this.events.subscribe(listener);
  }

  /**
   * Clean shutdown: refuse new work, cancel running and queued jobs, wait until every workspace
   * write has finished (a run being written completes; none is left half-written), stop the pool.
   */
  async shutdown(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    this.experiments.cancelAll();
    await this.experiments.drain();
    await this.pool.close();
  }
}

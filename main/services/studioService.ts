/**
 * The services behind the StudioApi: a workspace, a worker pool and the event hub. Both hosts
 * (Electron IPC, WebSocket) and the CLI call the same handlers through `dispatch`.
 */
import { totalmem } from 'node:os';
import type { StudioHandlers } from '../../contract/api';
import { StudioError } from '../../contract/errors';
import type { StudioEvent } from '../../contract/events';
import type { WorkerEntry } from '../../native-workers/pool/entry';
import { WorkerPool } from '../../native-workers/pool/pool';
import { Workspace } from '../workspace/workspace';
import { machineLimits, type MachineLimits } from './budgets';
import { EventHub } from './eventHub';
import { Guards } from './guards';
import { listAnalyses, listWithIntegrity } from './housekeeping';
import { ExperimentRunner } from './experiments';
import { gpuInfo, workerGpu } from './gpuBatches';
import type { GpuLauncher } from '../../native-workers/gpu/gpuChannel';
import { HierarchyRunner } from './hierarchy';
import { landscape, teacher } from './landscape';
import { analyze, split } from './points';
import { exportBatch, exportSurface } from './exports';
import { exportNetwork, importRun, inspectFile } from './networkFiles';
import { importDataset, inspectDataset } from './datasetFiles';
import { RecipeRunner } from './recipes';
import { exportRunMethod, getRun, listRuns } from './runs';

export interface StudioServiceOptions {
  readonly workspaceDir: string;
  readonly workerEntry: WorkerEntry;
  /** Worker threads; default cores − 1. */
  readonly poolSize?: number;
  readonly cancelGraceMs?: number;
  readonly hangTimeoutMs?: number;
  /** The machine's memory, for the work and memory limits (default os.totalmem()). */
  readonly totalMemoryBytes?: number;
  /** Extra workers kept for interactive requests (landscape, analyze, split, teacher); default 1. */
  readonly reservedWorkers?: number;
  /** Starts the GPU worker process (default child_process.fork; the Electron app: a utilityProcess). */
  readonly gpuWorker?: GpuLauncher;
}

export class StudioService {
  readonly handlers: StudioHandlers;
  private readonly events = new EventHub();
  private readonly experiments: ExperimentRunner;
  private readonly hierarchy: HierarchyRunner;
  private readonly recipes: RecipeRunner;
  /** Work and memory limits, checked before any job starts. */
  private readonly guards: Guards;
  /** Folders the user picked in a host's folder dialog; `runs.export` may write there too. */
  private readonly chosenExportFolders = new Set<string>();
  private closing = false;

  private constructor(
    readonly workspace: Workspace,
    readonly pool: WorkerPool,
    readonly limits: MachineLimits,
  ) {
    this.experiments = new ExperimentRunner(pool, workspace, this.events);
    this.experiments.limits = limits;
    this.guards = new Guards(workspace, limits);
    this.hierarchy = new HierarchyRunner(pool, workspace, this.events, this.experiments);
    this.recipes = new RecipeRunner(pool, workspace.root, this.events, this.experiments);
    const open = (): void => {
      if (this.closing) throw new StudioError('unavailable', 'the studio is shutting down');
    };
    this.handlers = {
      'experiments.start': async (r) => (open(), this.guards.experiment(r), this.experiments.start(r)),
      'jobs.cancel': async (r) => {
        const cancelled = this.experiments.cancel(r);
        // A batch the user cancels is saved as cancelled (batch.json), so a restart lists it so, not as interrupted.
        if (r.batchId !== undefined && this.workspace.hasBatch(r.batchId)) await this.experiments.track(this.workspace.setBatchCancelled(r.batchId, Date.now()));
        return { cancelled };
      },
      'jobs.list': async (r) => this.experiments.listPage(r.offset, r.limit),
      'runs.list': async (r) => listWithIntegrity(this.workspace, listRuns(this.workspace, r), (batchId) => this.experiments.isActive(batchId)),
      'runs.get': async (r) => getRun(this.workspace, r),
      'runs.delete': async (r) => {
        if (r.batchId !== undefined) {
          this.experiments.cancel({ batchId: r.batchId });
          return { deleted: await this.workspace.deleteBatch(r.batchId) };
        }
        return { deleted: await this.workspace.deleteRun(r.runId!) };
      },
      'runs.export': async (r) => exportRunMethod(this.workspace, r, [...this.chosenExportFolders]),
      'files.inspect': async (r) => inspectFile(r),
      'runs.import': async (r) => {
        open();
        const imported = await this.experiments.track(importRun(this.pool, this.workspace, r));
        this.events.emit({ type: 'run.added', payload: { run: imported.run } });
        return imported;
      },
      'networks.export': async (r) => exportNetwork(this.workspace, r),
      'datasets.inspect': async (r) => inspectDataset(r),
      'datasets.import': async (r) => (open(), this.experiments.track(importDataset(this.workspace, r))),
      'datasets.list': async () => ({ datasets: this.workspace.datasets.list() }),
      analyze: async (r) => (open(), this.guards.point('analyze', r.source, { analyze: r.spectrum ?? { mode: 'auto', smallest: 10, largest: 5 } }), analyze(this.pool, this.workspace, r)),
      split: async (r) => (open(), this.guards.point('split', r.source), split(this.pool, this.workspace, r)),
      landscape: async (r) => (open(), this.guards.point('landscape', r.source, { resolution: r.resolution }), landscape(this.pool, this.workspace, r)),
      'surface.export': async (r) => (open(), exportSurface(this.pool, this.workspace, r)),
      'batches.export': async (r) => exportBatch(this.workspace, r),
      teacher: async (r) => (open(), teacher(this.pool, r)),
      'hierarchy.explore': async (r) => (open(), this.guards.hierarchy(r), this.hierarchy.explore(r)),
      'hierarchy.list': async () => ({ hierarchies: this.workspace.hierarchies.list() }),
      'hierarchy.get': async (r) => this.workspace.hierarchies.load(r.hierarchyId),
      'scenes.save': async (r) => ({ sceneId: await this.workspace.scenes.save(r.scene) }),
      'scenes.list': async () => ({ scenes: this.workspace.scenes.list() }),
      'scenes.get': async (r) => this.workspace.scenes.get(r.sceneId),
      'batches.resume': async (r) => {
        open();
        const jobs = await this.experiments.resume(r.batchId);
        await this.experiments.track(this.workspace.setBatchCancelled(r.batchId, null));
        return { batchId: r.batchId, jobs };
      },
      'analyses.list': async () => ({ analyses: listAnalyses(this.workspace) }),
      'analyses.delete': async (r) => ({ deleted: await this.workspace.deleteAnalysis(r.analysisId) }),
      'exports.list': async () => ({ exports: await this.workspace.listExports() }),
      'exports.delete': async (r) => ({ deleted: await this.workspace.deleteExport(r.exportId) }),
      'system.gpu': async () => gpuInfo(this.experiments.gpu),
      'recipes.list': async () => this.recipes.list(),
      'recipes.start': async (r) => (open(), this.recipes.start(r)),
      'recipes.get': async (r) => this.recipes.get(r),
    };
  }

  static async open(options: StudioServiceOptions): Promise<StudioService> {
    const workspace = await Workspace.open(options.workspaceDir);
    const pool = new WorkerPool({
      entry: options.workerEntry,
      ...(options.poolSize !== undefined ? { size: options.poolSize } : {}),
      ...(options.cancelGraceMs !== undefined ? { cancelGraceMs: options.cancelGraceMs } : {}),
      ...(options.hangTimeoutMs !== undefined ? { hangTimeoutMs: options.hangTimeoutMs } : {}),
      ...(options.reservedWorkers !== undefined ? { reservedWorkers: options.reservedWorkers } : {}),
    });
    const service = new StudioService(workspace, pool, machineLimits(options.totalMemoryBytes ?? totalmem()));
    if (options.gpuWorker) service.experiments.gpu = workerGpu({ launch: options.gpuWorker });
    return service;
  }

  /**
   * A host calls this with the folder the user chose in its folder dialog, so `runs.export` may
   * write there; nothing a client sends can add a folder.
   */
  allowExportFolder(folder: string): void {
    this.chosenExportFolders.add(folder);
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
    await this.workspace.close();
    // Ends the GPU worker process (a no-op unless a gpu batch or system.gpu started it).
    await this.experiments.gpu.close?.();
  }
}

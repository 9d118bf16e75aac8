/**
 * `recipes.*`: a recipe (main/recipes/registry.ts) runs as one job — listed by `jobs.list`,
 * cancelled by `jobs.cancel`, progress as `job.progress` (finished runs / planned runs) — with its
 * runs on the studio's worker pool like a batch (`train` tasks, and `recipeRun` tasks for computed runs). Results go to <workspace>/recipes/<recipeId>/
 * (recipe.json, runs.jsonl, data.npz, figure.svg/png); a cancel keeps every finished run and
 * `resume` continues the newest unfinished folder of that recipe. `device` (issue 13) sets a
 * recipe's `device` parameter (fig3c-scaling): its train runs then take the GPU f32 phase in this
 * process (the experiments' GPU backend) and their float64 finish on the studio's pool; where they
 * went, and why not on the GPU, is kept per folder (device.json, `recipes.get` → device).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { StudioError } from '../../contract/errors';
import { queuedJob, type JobRef } from '../../contract/jobs';
import type { MethodRequest, MethodResult } from '../../contract/methods';
import { RecipeDeviceSchema, type RecipeDevice, type RecipeParamValue } from '../../contract/recipes';
import type { Device } from '../../contract/gpu';
import type { WorkerPool } from '../../native-workers/pool/pool';
import { poolExecutor } from '../recipes/executor';
import { readManifest, readRuns, type RecipeManifest } from '../recipes/folder';
import { RECIPES, recipeByName } from '../recipes/registry';
import { runRecipe } from '../recipes/runner';
import type { RecipeParams } from '../recipes/types';
import { newId } from '../workspace/ids';
import { toStudioError } from './errors';
import type { EventHub } from './eventHub';
import type { ExperimentRunner } from './experiments';

export class RecipeRunner {
  /** recipeId → the job running on that folder. */
  private readonly active = new Map<string, string>();
  /** recipeId → where its runs went in this session (also written to its device.json). */
  private readonly devices = new Map<string, RecipeDevice>();

  constructor(
    private readonly pool: WorkerPool,
    private readonly root: string,
    private readonly events: EventHub,
    /** Shares its job table (jobs.list / jobs.cancel) and its write tracking (shutdown). */
    private readonly experiments: ExperimentRunner,
  ) {}

  private get folder(): string {
    return join(this.root, 'recipes');
  }

  list(): MethodResult<'recipes.list'> {
    return {
      recipes: RECIPES.map((r) => ({
        name: r.name,
        version: r.version,
        title: r.summary,
        caption: r.caption,
        parameters: Object.entries(r.defaults).map(([key, value]) => ({ key, default: value })),
        devices: 'device' in r.defaults ? (['cpu', 'gpu', 'auto'] as const).slice() : ['cpu' as const],
      })),
    };
  }

  /** The recipe's folders, newest first (by startedAt); unreadable ones are skipped. */
  private folders(name: string): { recipeId: string; manifest: RecipeManifest }[] {
    if (!existsSync(this.folder)) return [];
    const out: { recipeId: string; manifest: RecipeManifest }[] = [];
    for (const recipeId of readdirSync(this.folder)) {
      if (!recipeId.startsWith(`${name}-`)) continue;
      try {
        const manifest = readManifest(join(this.folder, recipeId));
        if (manifest.name === name) out.push({ recipeId, manifest });
      } catch {
        /* a folder without a readable recipe.json (crash before the first write) is not listed */
      }
    }
    return out.sort((a, b) => (a.manifest.startedAt < b.manifest.startedAt ? 1 : a.manifest.startedAt > b.manifest.startedAt ? -1 : 0));
  }

  start(request: MethodRequest<'recipes.start'>): MethodResult<'recipes.start'> {
    const recipe = this.recipe(request.name);
    let recipeId: string;
    let params: Partial<RecipeParams> = request.params;
    if (request.resume) {
      const open = this.folders(recipe.name).find((f) => !f.manifest.complete);
      if (!open) throw new StudioError('invalid', `${recipe.name} has no unfinished run to resume; press Run to start one`);
      recipeId = open.recipeId;
      if (Object.keys(params).length === 0) params = open.manifest.parameters;
      const stored = (open.manifest.parameters.device as Device | undefined) ?? 'cpu';
      if (request.device !== undefined && 'device' in recipe.defaults && request.device !== stored)
        throw new StudioError('invalid', `recipes.start: device: ${recipe.name} was started with device ${stored}; resume it with the same device`);
    } else {
      recipeId = `${recipe.name}-${newId('job').slice(4)}`.slice(0, 64);
    }
    if (this.active.has(recipeId)) throw new StudioError('invalid', `${recipe.name} is already running (job ${this.active.get(recipeId)})`);
    const supportsDevice = 'device' in recipe.defaults;
    if (request.device !== undefined && supportsDevice) {
      if (params.device !== undefined && params.device !== request.device)
        throw new StudioError('invalid', `recipes.start: device: '${request.device}' differs from params.device '${String(params.device)}'`);
      params = { ...params, device: request.device };
    }
    // Check the parameters now, so a bad one is an error of this call, not a failed job.
    let resolved: RecipeParams;
    try {
      resolved = recipe.resolve(params);
    } catch (error) {
      throw toStudioError(error, 'recipes.start');
    }
    const asked: Device = (resolved.device as Device | undefined) ?? request.device ?? 'cpu';
    const gpuDevice = resolved.device === 'gpu' || resolved.device === 'auto';
    const placed: RecipeDevice = {
      asked,
      ran: gpuDevice ? null : 'cpu',
      note: asked !== 'cpu' && !supportsDevice ? `device ${asked}: ${recipe.name} runs on the CPU only` : null,
    };
    this.devices.set(recipeId, placed);
    const jobId = newId('job');
    const ref: JobRef = { jobId, kind: 'recipe', runId: null, batchId: null };
    let stop = false;
    const job = this.experiments.jobs.add(queuedJob(ref, null), jobId, () => {
      stop = true;
    });
    this.active.set(recipeId, jobId);
    const startedAt = performance.now();
    let finishedRuns = 0;
    let totalRuns = 0;
    const executor = poolExecutor(Math.max(1, this.pool.size), this.pool);
    const done = runRecipe({
      name: recipe.name,
      params,
      out: join(this.folder, recipeId),
      resume: request.resume,
      executor,
      ...(gpuDevice
        ? {
            gpu: { backend: this.experiments.gpu, pool: this.pool, onDevice: (ran: 'cpu' | 'gpu') => void (placed.ran = ran) },
            onNote: (note: string) => void (placed.note = note.slice(0, 1000)),
          }
        : {}),
      shouldStop: () => stop,
      onProgress: (finished, total, last) => {
        finishedRuns = finished;
        totalRuns = total;
        const progress = total === 0 ? 0 : finished / total;
        job.info = { ...job.info, state: 'running', progress, step: finished, loss: last && Number.isFinite(last.loss) ? last.loss : job.info.loss, message: `${finished} / ${total} runs` };
        this.events.emit({ type: 'job.progress', payload: { ...ref, progress, step: finished, loss: job.info.loss, elapsedMs: performance.now() - startedAt } });
      },
      // inside a long computed run (fig5's exploration): the bar moves within that run's share
      onRunProgress: (_runId, fraction) => {
        if (totalRuns === 0) return;
        const progress = Math.min(1, (finishedRuns + fraction) / totalRuns);
        job.info = { ...job.info, state: 'running', progress };
        this.events.emit({ type: 'job.progress', payload: { ...ref, progress, step: finishedRuns, loss: job.info.loss, elapsedMs: performance.now() - startedAt } });
      },
    })
      .finally(() => this.saveDevice(recipeId, placed))
      .then((result) => {
        // The folder is free before the event, so a client that reacts to it sees `running: false`.
        this.active.delete(recipeId);
        if (result.cancelled) {
          const reason = `${recipe.name}: cancelled after ${result.manifest.runs.length} of ${result.manifest.plannedRuns} runs (Resume continues)`;
          this.experiments.jobs.finish(job, 'cancelled', reason);
          this.events.emit({ type: 'job.failed', payload: { ...ref, reason, cancelled: true } });
        } else {
          this.experiments.jobs.finish(job, 'done', null);
          this.events.emit({ type: 'job.done', payload: { ...ref, run: null } });
        }
      })
      .catch((error: unknown) => {
        this.active.delete(recipeId);
        const reason = toStudioError(error, 'recipes.start').message;
        this.experiments.jobs.finish(job, stop ? 'cancelled' : 'failed', reason);
        this.events.emit({ type: 'job.failed', payload: { ...ref, reason, cancelled: stop } });
      });
    void this.experiments.track(done);
    return { jobId, recipeId };
  }

  async get(request: MethodRequest<'recipes.get'>): Promise<MethodResult<'recipes.get'>> {
    const recipe = this.recipe(request.name);
    const newest = this.folders(recipe.name)[0];
    if (!newest)
      return { name: recipe.name, recipeId: null, parameters: null, plannedRuns: 0, finishedRuns: 0, complete: false, running: false, startedAt: null, finishedAt: null, summary: null, svg: null, folder: null, device: null };
    const { recipeId, manifest } = newest;
    const dir = join(this.folder, recipeId);
    const finishedRuns = manifest.complete ? manifest.runs.length : (await readRuns(dir)).length;
    const svgPath = join(dir, 'figure.svg');
    return {
      name: recipe.name,
      recipeId,
      parameters: manifest.parameters as Record<string, RecipeParamValue>,
      plannedRuns: manifest.plannedRuns,
      finishedRuns,
      complete: manifest.complete,
      running: this.active.has(recipeId),
      startedAt: manifest.startedAt,
      finishedAt: manifest.finishedAt,
      summary: manifest.summary,
      svg: manifest.complete && existsSync(svgPath) ? readFileSync(svgPath, 'utf8') : null,
      folder: dir,
      device: this.devices.get(recipeId) ?? readDevice(dir),
    };
  }

  /** device.json: where the folder's runs went in its latest session. */
  private async saveDevice(recipeId: string, placed: RecipeDevice): Promise<void> {
    const dir = join(this.folder, recipeId);
    if (existsSync(dir)) await writeFile(join(dir, 'device.json'), JSON.stringify(placed) + '\n').catch(() => undefined);
  }

  private recipe(name: string) {
    try {
      return recipeByName(name);
    } catch (error) {
      throw toStudioError(error, 'recipes');
    }
  }
}

/** A folder's device.json, or null (absent, from before devices were recorded, or unreadable). */
function readDevice(dir: string): RecipeDevice | null {
  try {
    return RecipeDeviceSchema.parse(JSON.parse(readFileSync(join(dir, 'device.json'), 'utf8')));
  } catch {
    return null;
  }
}

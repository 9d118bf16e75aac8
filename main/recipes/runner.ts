/**
 * Runs a recipe into one folder: plan → (shard) → skip what runs.jsonl already holds (--resume) →
 * execute, appending each finished run → summary, data.npz, figure.svg/png, recipe.json complete.
 * `gatherRecipes` merges shard folders into one folder identical (up to timing) to a local run.
 */
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { shardRuns } from '../../native-workers/engine';
import { writeFileAtomic } from '../workspace/atomic';
import { encodeNpz } from '../workspace/npz';
import { inThreadExecutor, poolExecutor, type Executor } from './executor';
import { gpuExecutor, type GpuExecutorOptions } from './gpuExecutor';
import { appendRun, engineVersion, readManifest, readRuns, RECIPE_FORMAT, writeManifest, type RecipeManifest } from './folder';
import { svgToPng } from './plot';
import { recipeByName } from './registry';
import { RecipeError, type RecipeDefinition, type RecipeOutput, type RecipeParams, type RunJob, type RunRecord } from './types';

export interface RunRecipeOptions {
  readonly name: string;
  readonly params: Partial<RecipeParams>;
  readonly out: string;
  /** 1 = in this thread; K > 1 = K runs in flight on the worker pool. */
  readonly workers?: number;
  readonly resume?: boolean;
  readonly shard?: { index: number; count: number } | null;
  /** Checked between runs and by running trainers; finished runs are kept. */
  readonly shouldStop?: () => boolean;
  readonly onProgress?: (done: number, total: number, last: RunRecord | null) => void;
  /** Progress inside a long computed run (fig5's exploration): its id and fraction done. */
  readonly onRunProgress?: (runId: string, fraction: number) => void;
  /** Use this executor instead of building one (the studio passes its pool). */
  readonly executor?: Executor;
  /** PNG next to the SVG (default true). */
  readonly png?: boolean;
  /** Messages about where runs go (e.g. `device gpu` without an adapter falls back to the CPU). */
  readonly onNote?: (message: string) => void;
  /**
   * `device: gpu | auto` with a given `executor` (the studio): the GPU backend and finish pool to
   * use, the given executor taking the CPU runs. Without it such an executor runs everything.
   */
  readonly gpu?: GpuExecutorOptions;
}

export interface RecipeRunResult {
  readonly manifest: RecipeManifest;
  readonly output: RecipeOutput | null;
  readonly cancelled: boolean;
}

function seedRanges(jobs: readonly RunJob[]): RecipeManifest['seeds'] {
  const out: RecipeManifest['seeds'] = [];
  for (const j of jobs) {
    const last = out[out.length - 1];
    if (last && last.width === j.planned.width && last.condition === j.planned.condition && last.to === j.planned.seed) last.to++;
    else out.push({ width: j.planned.width, condition: j.planned.condition, from: j.planned.seed, to: j.planned.seed + 1 });
  }
  return out;
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export async function runRecipe(options: RunRecipeOptions): Promise<RecipeRunResult> {
  const recipe = recipeByName(options.name);
  const params = recipe.resolve(options.params);
  const shard = options.shard ?? null;
  const all = recipe.plan(params);
  let jobs = shard ? shardRuns(all, shard.index, shard.count) : all;
  const dir = options.out;
  let startedAt = new Date().toISOString();
  let done: RunRecord[] = [];
  if (existsSync(join(dir, 'recipe.json'))) {
    const old = readManifest(dir);
    if (!options.resume) throw new RecipeError(`${dir} already holds a ${old.name} recipe: pass --resume to continue it, or choose another --out`);
    if (old.name !== recipe.name || old.version !== recipe.version) throw new RecipeError(`${dir} holds ${old.name} v${old.version}, not ${recipe.name} v${recipe.version}`);
    if (!sameJson(old.parameters, params)) throw new RecipeError(`${dir} was started with other parameters (${JSON.stringify(old.parameters)}); resume with the same ones or choose another --out`);
    if (!sameJson(old.shard, shard)) throw new RecipeError(`${dir} was started as shard ${old.shard ? `${old.shard.index}/${old.shard.count}` : 'none'}`);
    startedAt = old.startedAt;
    done = await readRuns(dir);
    // Drop a torn last line (crash mid-append) so new runs start on a line of their own.
    await writeFileAtomic(join(dir, 'runs.jsonl'), done.map((r) => JSON.stringify(r) + '\n').join(''));
  } else if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new RecipeError(`${dir} exists and is not a recipe folder: choose an empty or new --out`);
  }
  await mkdir(dir, { recursive: true });
  jobs = extendJobs(recipe, params, jobs, done);
  let manifest: RecipeManifest = {
    format: RECIPE_FORMAT,
    name: recipe.name,
    version: recipe.version,
    parameters: params,
    seeds: seedRanges(jobs),
    engineVersion: engineVersion(),
    shard,
    startedAt,
    finishedAt: null,
    complete: false,
    plannedRuns: jobs.length,
    runs: [],
    summary: null,
    files: ['recipe.json', 'runs.jsonl'],
  };
  await writeManifest(dir, manifest);
  const doneIds = new Set(done.map((r) => r.id));
  let count = done.filter((r) => jobs.some((j) => j.planned.id === r.id)).length;
  options.onProgress?.(count, jobs.length, null);
  const stop = options.shouldStop ?? (() => false);
  const cpuExecutor = options.executor ?? ((options.workers ?? 1) > 1 ? poolExecutor(options.workers ?? 1) : inThreadExecutor());
  // `device: gpu | auto` (fig3c-scaling): train runs go to the GPU, finished on a pool of their own
  // (CLI) or on the given one (`gpu`: the studio's).
  const device = params.device === 'gpu' || params.device === 'auto' ? params.device : null;
  if (device && options.executor && !options.gpu) options.onNote?.(`device ${device}: this host runs recipes on its CPU pool; use the CLI (escape-studio reproduce --device ${device})`);
  const executor = device && (!options.executor || options.gpu) ? gpuExecutor(cpuExecutor, device, options.workers ?? 1, (m) => options.onNote?.(m), options.gpu) : cpuExecutor;
  try {
    // A two-stage recipe (`extend`) gets more jobs from the finished ones: run, extend, run … until nothing is new.
    for (;;) {
      const pending = jobs.filter((j) => !doneIds.has(j.planned.id));
      await executor.run(
        pending,
        async (record) => {
          await appendRun(dir, record);
          doneIds.add(record.id);
          count++;
          options.onProgress?.(count, jobs.length, record);
        },
        stop,
        { recipe: recipe.name, params, plan: all, ...(options.onRunProgress ? { onRunProgress: options.onRunProgress } : {}) },
      );
      if (!recipe.extend || stop()) break;
      const more = extendJobs(recipe, params, jobs, await readRuns(dir));
      if (more.length === jobs.length) break;
      jobs = more;
      manifest = { ...manifest, seeds: seedRanges(jobs), plannedRuns: jobs.length };
      await writeManifest(dir, manifest);
    }
  } finally {
    if (!options.executor) await executor.close();
  }
  const runs = orderRuns(jobs, await readRuns(dir));
  if (runs.length < jobs.length) {
    await writeManifest(dir, { ...manifest, runs });
    return { manifest: { ...manifest, runs }, output: null, cancelled: true };
  }
  return finalize(dir, recipe, params, manifest, runs, options.png ?? true);
}

/** `jobs` plus every job `recipe.extend` derives from `records` (to a fixed point); `jobs` itself when it has no extend. */
function extendJobs(recipe: RecipeDefinition, params: RecipeParams, jobs: RunJob[], records: readonly RunRecord[]): RunJob[] {
  if (!recipe.extend) return jobs;
  for (;;) {
    const ids = new Set(jobs.map((j) => j.planned.id));
    const extra = recipe.extend(params, orderRuns(jobs, records)).filter((j) => !ids.has(j.planned.id));
    if (extra.length === 0) return jobs;
    jobs = [...jobs, ...extra];
  }
}

/** The runs of `jobs`, in plan order, one per id. */
function orderRuns(jobs: readonly RunJob[], records: readonly RunRecord[]): RunRecord[] {
  const byId = new Map(records.map((r) => [r.id, r]));
  return jobs.flatMap((j) => (byId.has(j.planned.id) ? [byId.get(j.planned.id)!] : []));
}

async function finalize(dir: string, recipe: RecipeDefinition, params: RecipeParams, manifest: RecipeManifest, runs: RunRecord[], png: boolean): Promise<RecipeRunResult> {
  const output = recipe.finish(params, runs);
  await writeFileAtomic(join(dir, 'data.npz'), encodeNpz(output.arrays));
  await writeFileAtomic(join(dir, 'figure.svg'), output.svg);
  const files = ['recipe.json', 'runs.jsonl', 'data.npz', 'figure.svg'];
  if (png) {
    await writeFileAtomic(join(dir, 'figure.png'), await svgToPng(output.svg));
    files.push('figure.png');
  }
  await writeFile(join(dir, 'table.txt'), output.table + '\n');
  files.push('table.txt');
  const final: RecipeManifest = { ...manifest, runs, summary: output.summary, complete: true, finishedAt: new Date().toISOString(), files };
  await writeManifest(dir, final);
  return { manifest: final, output, cancelled: false };
}

/**
 * Merges complete shard folders of one recipe (same name, version, parameters) into `out`:
 * every planned run exactly once, in plan order; a run present in two shards must agree.
 */
export async function gatherRecipes(dirs: readonly string[], out: string, options: { png?: boolean } = {}): Promise<RecipeRunResult> {
  if (dirs.length === 0) throw new RecipeError('gather: give at least one shard folder');
  const manifests = dirs.map((d) => readManifest(d));
  const first = manifests[0];
  for (const [k, m] of manifests.entries()) {
    if (m.name !== first.name || m.version !== first.version || !sameJson(m.parameters, first.parameters))
      throw new RecipeError(`gather: ${dirs[k]} holds ${m.name} v${m.version} with other parameters than ${dirs[0]}`);
  }
  const recipe = recipeByName(first.name);
  const params = recipe.resolve(first.parameters);
  const byId = new Map<string, RunRecord>();
  for (const d of dirs)
    for (const r of await readRuns(d)) {
      const seen = byId.get(r.id);
      if (seen && !sameJson({ ...seen, seconds: 0 }, { ...r, seconds: 0 })) throw new RecipeError(`gather: run ${r.id} differs between shards`);
      if (!seen) byId.set(r.id, r);
    }
  const jobs = extendJobs(recipe, params, recipe.plan(params), [...byId.values()]);
  const runs = orderRuns(jobs, [...byId.values()]);
  if (runs.length < jobs.length) {
    const missing = jobs.filter((j) => !byId.has(j.planned.id)).map((j) => j.planned.id);
    throw new RecipeError(`gather: ${missing.length} of ${jobs.length} runs are missing (first: ${missing.slice(0, 3).join(', ')}); finish those shards with --resume first`);
  }
  if (existsSync(join(out, 'recipe.json')) || (existsSync(out) && readdirSync(out).length > 0)) throw new RecipeError(`gather: ${out} is not empty; choose a new --out`);
  await mkdir(out, { recursive: true });
  for (const r of runs) await appendRun(out, r);
  const manifest: RecipeManifest = {
    format: RECIPE_FORMAT,
    name: recipe.name,
    version: recipe.version,
    parameters: params,
    seeds: seedRanges(jobs),
    engineVersion: engineVersion(),
    shard: null,
    startedAt: manifests.map((m) => m.startedAt).sort()[0],
    finishedAt: null,
    complete: false,
    plannedRuns: jobs.length,
    runs: [],
    summary: null,
    files: [],
  };
  return finalize(out, recipe, params, manifest, runs, options.png ?? true);
}

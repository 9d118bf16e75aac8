/**
 * The workspace folder:
 *
 *   runs/<runId>/                      a single run: run.json + one .f64 file per array
 *   batches/<batchId>/batch.json       a batch's spec
 *   batches/<batchId>/runs/<runId>/    each finished run of the batch, appended as it completes
 *   analyses/<analysisId>/             analysis.json + eigenvalues.f64 + escapeDirections.f64
 *   hierarchies/<hierarchyId>/         hierarchy.json + theta.f64 (hierarchies.ts)
 *   datasets/<datasetId>/              dataset.json + X.f64 + Y.f64 (datasets.ts)
 *
 * Every run and analysis folder appears atomically (written under a temporary name, fsync'ed,
 * renamed), so after a crash a folder is either complete or absent; leftovers are removed on open.
 */
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { z } from 'zod';
import { formatIssues } from '../../contract/errors';
import type { BatchSummary, RunSummary } from '../../contract/runs';
import { removeDirAtomic, TEMP_PREFIX, writeDirAtomic, writeFileAtomic } from './atomic';
import { NotFoundError, WorkspaceError } from './errors';
import { encodeF64, readF64 } from './f64';
import { DatasetStore } from './datasets';
import { HierarchyStore } from './hierarchies';
import { arrayFileProblem, rebuildBatchRecord } from './integrity';
import { acquireWorkspaceLock, releaseWorkspaceLock } from './lock';
import { listExportFolders, type ExportEntry } from './exportFolders';
export type { ExportEntry } from './exportFolders';
import { SceneStore } from './scenes';
import {
  AnalysisRecordSchema,
  BatchRecordSchema,
  elementCount,
  RunRecordSchema,
  RUN_ARRAYS,
  type AnalysisRecord,
  type ArrayRef,
  type BatchRecord,
  type RunArrays,
  type RunRecord,
} from './records';

interface RunEntry {
  readonly record: RunRecord;
  readonly dir: string;
}

interface BatchEntry {
  readonly record: BatchRecord;
  readonly dir: string;
}

/** A stored entry that cannot be trusted: listed with its reason (never as finished), deletable. */
export interface DamagedEntry {
  readonly kind: 'run' | 'batch' | 'analysis';
  readonly id: string;
  readonly batchId: string | null;
  readonly reason: string;
  readonly dir: string;
}

export interface LoadedRun {
  readonly record: RunRecord;
  readonly arrays: RunArrays;
}

const SAFE_ID = /^[A-Za-z0-9_-]{1,64}$/;

function checkId(id: string, what: string): void {
  if (!SAFE_ID.test(id)) throw new WorkspaceError(`${what}: '${id}' is not a valid id`);
}

async function readJson<T extends z.ZodType>(path: string, schema: T): Promise<z.output<T>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new WorkspaceError(`${path}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new WorkspaceError(`${path}: not valid JSON (${(error as Error).message})`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new WorkspaceError(formatIssues(path, parsed.error.issues));
  return parsed.data;
}

async function listDirs(path: string): Promise<string[]> {
  try {
    const entries = await readdir(path, { withFileTypes: true });
    return entries.filter((e) => e.isDirectory()).map((e) => e.name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

export class Workspace {
  private readonly runs = new Map<string, RunEntry>();
  private readonly batches = new Map<string, BatchEntry>();
  private readonly analyses = new Map<string, { record: AnalysisRecord; dir: string }>();
  /** Entries that could not be read when the workspace was opened (kept on disk, not listed). */
  readonly problems: string[] = [];
  /** Runs, batches and analyses found damaged on open (listed with the reason; deletable). */
  private readonly damagedEntries = new Map<string, DamagedEntry>();
  /** Batches whose batch.json was unreadable and that were rebuilt from their runs. */
  readonly rebuiltBatches = new Set<string>();
  /** False when this process already held the lock (a second open must not delete temp folders in use). */
  private cleanTemp = true;
  private closed = false;
  private readOnly = false;

  private writable(what: string): void {
    if (this.readOnly) throw new WorkspaceError(`${what}: the workspace ${this.root} was opened read-only`);
  }
  /** Stored hierarchy explorations. */
  readonly hierarchies: HierarchyStore;
  /** Stored recorder scenes (scenes/<sceneId>.json). */
  readonly scenes: SceneStore;
  /** Stored datasets (datasets/<datasetId>/: dataset.json + X.f64 + Y.f64). */
  readonly datasets: DatasetStore;

  private constructor(readonly root: string) {
    this.hierarchies = new HierarchyStore(join(root, 'hierarchies'));
    this.scenes = new SceneStore(join(root, 'scenes'));
    this.datasets = new DatasetStore(join(root, 'datasets'));
  }

  /**
   * `readOnly`: for CLI commands that only read (export, surface) while a studio may be serving
   * the folder — no lock, no temp cleanup, and runs, batches, analyses and exports cannot be changed.
   */
  static async open(dir: string, options: { readOnly?: boolean } = {}): Promise<Workspace> {
    const ws = new Workspace(resolve(dir));
    await mkdir(ws.root, { recursive: true });
    ws.readOnly = options.readOnly === true;
    // Before touching anything: a second process on the same folder gets a clear error.
    ws.cleanTemp = ws.readOnly ? false : await acquireWorkspaceLock(ws.root);
    try {
      for (const sub of ['runs', 'batches', 'analyses', 'exports']) await mkdir(join(ws.root, sub), { recursive: true });
      await ws.scan();
    } catch (error) {
      if (!ws.readOnly) await releaseWorkspaceLock(ws.root);
      throw error;
    }
    await ws.hierarchies.scan(ws.problems, ws.cleanTemp);
    await ws.scenes.scan(ws.problems, ws.cleanTemp);
    await ws.datasets.scan(ws.problems, ws.cleanTemp);
    return ws;
  }

  private async scan(): Promise<void> {
    await this.scanRuns(join(this.root, 'runs'), null);
    for (const name of await listDirs(join(this.root, 'batches'))) {
      const dir = join(this.root, 'batches', name);
      if (await this.removeIfTemp(dir, name)) continue;
      let record: BatchRecord | null;
      let reason: string | null = null;
      try {
        const read = await readJson(join(dir, 'batch.json'), BatchRecordSchema);
        if (read.batchId !== name) throw new WorkspaceError(`${dir}: batch.json batchId '${read.batchId}' differs from the folder name`);
        record = read;
      } catch (error) {
        record = null;
        reason = (error as Error).message;
      }
      const members = await this.scanRuns(join(dir, 'runs'), name);
      if (record === null) {
        // A damaged batch.json must not hide the batch's runs: rebuild the record from them.
        record = rebuildBatchRecord(name, members);
        if (record === null) {
          this.problems.push(reason ?? `${dir}: unreadable batch`);
          this.damagedEntries.set(name, { kind: 'batch', id: name, batchId: name, reason: reason ?? 'unreadable batch.json', dir });
          continue;
        }
        this.problems.push(`${reason ?? dir}; rebuilt from its ${members.length} stored runs`);
        this.rebuiltBatches.add(name);
      }
      this.batches.set(name, { record, dir });
    }
    for (const name of await listDirs(join(this.root, 'analyses'))) {
      const dir = join(this.root, 'analyses', name);
      if (await this.removeIfTemp(dir, name)) continue;
      try {
        const record = await readJson(join(dir, 'analysis.json'), AnalysisRecordSchema);
        const broken = await arrayFileProblem(dir, record.arrays);
        if (broken !== null) throw new WorkspaceError(`${dir}: ${broken}`);
        this.analyses.set(name, { record, dir });
      } catch (error) {
        this.problems.push((error as Error).message);
        this.damagedEntries.set(name, { kind: 'analysis', id: name, batchId: null, reason: (error as Error).message, dir });
      }
    }
  }

  /** Loads the runs under `parent`; damaged ones (unreadable run.json, missing or mis-sized arrays) are kept aside with the reason. */
  private async scanRuns(parent: string, batchId: string | null): Promise<RunRecord[]> {
    const found: RunRecord[] = [];
    for (const name of await listDirs(parent)) {
      const dir = join(parent, name);
      if (await this.removeIfTemp(dir, name)) continue;
      try {
        const record = await readJson(join(dir, 'run.json'), RunRecordSchema);
        if (record.summary.runId !== name) throw new WorkspaceError(`${dir}: run.json runId '${record.summary.runId}' differs from the folder name`);
        const broken = await arrayFileProblem(dir, record.arrays);
        if (broken !== null) throw new WorkspaceError(`${dir}: ${broken}`);
        this.runs.set(name, { record, dir });
        found.push(record);
      } catch (error) {
        this.problems.push((error as Error).message);
        this.damagedEntries.set(name, { kind: 'run', id: name, batchId, reason: (error as Error).message, dir });
      }
    }
    return found;
  }

  private async removeIfTemp(dir: string, name: string): Promise<boolean> {
    if (!name.startsWith(TEMP_PREFIX)) return false;
    if (!this.cleanTemp) return true;
    await rm(dir, { recursive: true, force: true });
    return true;
  }

  listRuns(batchId?: string): RunSummary[] {
    const out: RunSummary[] = [];
    for (const { record } of this.runs.values()) {
      if (batchId === undefined || record.summary.batchId === batchId) out.push(record.summary);
    }
    return out.sort((a, b) => a.createdAt - b.createdAt || a.runId.localeCompare(b.runId));
  }

  listBatches(): BatchSummary[] {
    const out: BatchSummary[] = [];
    for (const { record } of this.batches.values()) {
      const runs = this.listRuns(record.batchId);
      let best: number | null = null;
      for (const r of runs) best = best === null ? r.result.finalLoss : Math.min(best, r.result.finalLoss);
      out.push({
        batchId: record.batchId,
        name: record.name,
        createdAt: record.createdAt,
        teacher: record.spec.teacher,
        width: record.spec.width,
        activation: record.spec.activation ?? null,
        method: record.spec.method,
        seedCount: record.spec.seeds.length,
        finished: runs.length,
        successes: runs.filter((r) => r.result.success).length,
        bestLoss: best,
        ...(record.device !== undefined ? { device: record.device } : {}),
        ...(record.deviceNote !== undefined ? { deviceNote: record.deviceNote } : {}),
      });
    }
    return out.sort((a, b) => a.createdAt - b.createdAt);
  }

  hasRun(runId: string): boolean {
    return this.runs.has(runId);
  }

  hasBatch(batchId: string): boolean {
    return this.batches.has(batchId);
  }

  getBatchRecord(batchId: string): BatchRecord {
    const entry = this.batches.get(batchId);
    if (!entry) throw new NotFoundError(`batchId: no batch '${batchId}' in the workspace`);
    return entry.record;
  }

  getRunRecord(runId: string): RunRecord {
    const entry = this.runs.get(runId);
    if (!entry) throw new NotFoundError(`runId: no run '${runId}' in the workspace`);
    return entry.record;
  }

  async createBatch(record: BatchRecord): Promise<void> {
    this.writable('createBatch');
    checkId(record.batchId, 'batchId');
    const parsed = BatchRecordSchema.parse(record);
    const dir = join(this.root, 'batches', record.batchId);
    await writeDirAtomic(dir, new Map([['batch.json', JSON.stringify(parsed, null, 2) + '\n']]));
    await mkdir(join(dir, 'runs'), { recursive: true });
    this.batches.set(record.batchId, { record: parsed, dir });
  }

  /**
   * Records (`at` a timestamp) or clears (`null`) a user's cancel in batch.json, replaced atomically
   * (temp file, fsync, rename, fsync of the folder): after a crash the old or the new record is there,
   * so a cancelled batch reopens as cancelled, not interrupted. A rebuilt batch (its batch.json was
   * damaged) is left as found; returns whether the record changed.
   */
  async setBatchCancelled(batchId: string, at: number | null): Promise<boolean> {
    this.writable('setBatchCancelled');
    const entry = this.batches.get(batchId);
    if (!entry) throw new NotFoundError(`batchId: no batch '${batchId}' in the workspace`);
    if (this.rebuiltBatches.has(batchId)) return false;
    if ((entry.record.cancelledAt ?? null) === at) return false;
    const { cancelledAt: _previous, ...rest } = entry.record;
    const record = BatchRecordSchema.parse(at === null ? rest : { ...rest, cancelledAt: at });
    await writeFileAtomic(join(entry.dir, 'batch.json'), JSON.stringify(record, null, 2) + '\n');
    this.batches.set(batchId, { record, dir: entry.dir });
    return true;
  }

  /** Stores a finished run (into its batch when it has one); the folder appears atomically. */
  async addRun(summary: RunSummary, architecture: RunRecord['architecture'], arrays: RunArrays): Promise<RunRecord> {
    this.writable('addRun');
    checkId(summary.runId, 'runId');
    if (this.runs.has(summary.runId)) throw new WorkspaceError(`runId: run '${summary.runId}' already exists`);
    let parent = join(this.root, 'runs');
    if (summary.batchId !== null) {
      const batch = this.batches.get(summary.batchId);
      if (!batch) throw new NotFoundError(`batchId: no batch '${summary.batchId}' in the workspace`);
      parent = join(batch.dir, 'runs');
    }
    const P = summary.parameterCount;
    const trajectoryCount = arrays.trajectoryTime.length;
    const shapes: Record<(typeof RUN_ARRAYS)[number], number[]> = {
      initialTheta: [P],
      finalTheta: [P],
      curveTime: [arrays.curveTime.length],
      curveLoss: [arrays.curveLoss.length],
      trajectoryTime: [trajectoryCount],
      trajectoryLoss: [trajectoryCount],
      trajectoryTheta: [trajectoryCount, P],
    };
    const files = new Map<string, Uint8Array | string>();
    const refs = {} as Record<(typeof RUN_ARRAYS)[number], ArrayRef>;
    for (const name of RUN_ARRAYS) {
      const shape = shapes[name];
      if (arrays[name].length !== elementCount(shape))
        throw new WorkspaceError(`${name}: has ${arrays[name].length} entries, expected ${elementCount(shape)} (shape ${shape.join('×')})`);
      refs[name] = { file: `${name}.f64`, shape };
      files.set(`${name}.f64`, encodeF64(arrays[name]));
    }
    const record = RunRecordSchema.parse({ format: 'escape-studio/run@1', summary, architecture, arrays: refs });
    // run.json last: whoever reads the folder finds the arrays it names.
    files.set('run.json', JSON.stringify(record, null, 2) + '\n');
    const dir = join(parent, summary.runId);
    await writeDirAtomic(dir, files);
    this.runs.set(summary.runId, { record, dir });
    return record;
  }

  async loadRun(runId: string): Promise<LoadedRun> {
    const entry = this.runs.get(runId);
    const damaged = this.damagedEntries.get(runId);
    if (!entry && damaged?.kind === 'run') throw new WorkspaceError(`runId: run '${runId}' is damaged: ${damaged.reason} (delete it with runs.delete)`);
    if (!entry) throw new NotFoundError(`runId: no run '${runId}' in the workspace`);
    const arrays = {} as RunArrays;
    for (const name of RUN_ARRAYS) {
      const ref = entry.record.arrays[name];
      arrays[name] = await readF64(join(entry.dir, ref.file), elementCount(ref.shape));
    }
    return { record: entry.record, arrays };
  }

  async deleteRun(runId: string): Promise<number> {
    this.writable('deleteRun');
    const damaged = this.damagedEntries.get(runId);
    if (damaged?.kind === 'run' && !this.runs.has(runId)) {
      await removeDirAtomic(damaged.dir);
      this.damagedEntries.delete(runId);
      return 1;
    }
    const entry = this.runs.get(runId);
    if (!entry) throw new NotFoundError(`runId: no run '${runId}' in the workspace`);
    await removeDirAtomic(entry.dir);
    this.runs.delete(runId);
    return 1;
  }

  /** Deletes a batch and all its runs; returns the number of runs removed. */
  async deleteBatch(batchId: string): Promise<number> {
    this.writable('deleteBatch');
    const damaged = this.damagedEntries.get(batchId);
    const entry = this.batches.get(batchId) ?? (damaged?.kind === 'batch' ? { dir: damaged.dir } : undefined);
    if (!entry) throw new NotFoundError(`batchId: no batch '${batchId}' in the workspace`);
    const members = this.listRuns(batchId);
    await removeDirAtomic(entry.dir);
    this.batches.delete(batchId);
    this.rebuiltBatches.delete(batchId);
    for (const r of members) this.runs.delete(r.runId);
    for (const d of [...this.damagedEntries.values()]) if (d.id === batchId || d.batchId === batchId) this.damagedEntries.delete(d.id);
    return members.length;
  }

  /** Entries found damaged on open, with the reason (each can be deleted by its id). */
  listDamaged(): DamagedEntry[] {
    return [...this.damagedEntries.values()];
  }

  async deleteAnalysis(analysisId: string): Promise<number> {
    this.writable('deleteAnalysis');
    const dir = this.analyses.get(analysisId)?.dir ?? (this.damagedEntries.get(analysisId)?.kind === 'analysis' ? this.damagedEntries.get(analysisId)?.dir : undefined);
    if (dir === undefined) throw new NotFoundError(`analysisId: no analysis '${analysisId}' in the workspace`);
    await removeDirAtomic(dir);
    this.analyses.delete(analysisId);
    this.damagedEntries.delete(analysisId);
    return 1;
  }

  /** The folders under exports/ (runs.export's default target), newest first. */
  listExports(): Promise<ExportEntry[]> {
    return listExportFolders(join(this.root, 'exports'));
  }

  async deleteExport(exportId: string): Promise<number> {
    this.writable('deleteExport');
    checkId(exportId, 'exportId');
    const dir = join(this.root, 'exports', exportId);
    try {
      if (!(await stat(dir)).isDirectory()) throw new Error('not a folder');
    } catch {
      throw new NotFoundError(`exportId: no export '${exportId}' in the workspace`);
    }
    await removeDirAtomic(dir);
    return 1;
  }

  /** Releases the workspace lock (once per open). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (!this.readOnly) await releaseWorkspaceLock(this.root);
  }

  async addAnalysis(record: AnalysisRecord, eigenvalues: Float64Array, escapeDirections: Float64Array): Promise<void> {
    this.writable('addAnalysis');
    checkId(record.analysisId, 'analysisId');
    const parsed = AnalysisRecordSchema.parse(record);
    const dir = join(this.root, 'analyses', record.analysisId);
    await writeDirAtomic(
      dir,
      new Map<string, Uint8Array | string>([
        ['eigenvalues.f64', encodeF64(eigenvalues)],
        ['escapeDirections.f64', encodeF64(escapeDirections)],
        ['analysis.json', JSON.stringify(parsed, null, 2) + '\n'],
      ]),
    );
    this.analyses.set(record.analysisId, { record: parsed, dir });
  }

  listAnalyses(): AnalysisRecord[] {
    return [...this.analyses.values()].map((a) => a.record);
  }

  runDir(runId: string): string {
    const entry = this.runs.get(runId);
    if (!entry) throw new NotFoundError(`runId: no run '${runId}' in the workspace`);
    return entry.dir;
  }
}

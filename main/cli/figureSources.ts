/**
 * Read-only access to a workspace for `escape-studio figure`: one run's record and arrays, the
 * run summaries of a teacher, a stored hierarchy. Nothing is created, locked or cleaned up, so a
 * figure can be drawn while `escape-studio serve` has the same workspace open.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { z } from 'zod';
import { formatIssues } from '../../contract/errors';
import { HierarchyRecordSchema, type HierarchyRecord } from '../workspace/hierarchies';
import { readF64 } from '../workspace/f64';
import { elementCount, RunRecordSchema, RUN_ARRAYS, type RunArrays, type RunRecord } from '../workspace/records';

export class FigureSourceError extends Error {
  override name = 'FigureSourceError';
}

const SAFE_ID = /^[A-Za-z0-9_-]{1,64}$/;
const TEMP_PREFIX = '.tmp-';

async function dirs(path: string): Promise<string[]> {
  try {
    return (await readdir(path, { withFileTypes: true })).filter((e) => e.isDirectory() && !e.name.startsWith(TEMP_PREFIX)).map((e) => e.name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

async function readJson<T extends z.ZodType>(path: string, schema: T): Promise<z.output<T>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new FigureSourceError(`${path}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new FigureSourceError(`${path}: not valid JSON (${(error as Error).message})`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new FigureSourceError(formatIssues(path, parsed.error.issues));
  return parsed.data;
}

/** Every run folder: runs/<id> and batches/<b>/runs/<id>. */
async function runDirs(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const id of await dirs(join(root, 'runs'))) out.set(id, join(root, 'runs', id));
  for (const b of await dirs(join(root, 'batches'))) for (const id of await dirs(join(root, 'batches', b, 'runs'))) out.set(id, join(root, 'batches', b, 'runs', id));
  return out;
}

/** The workspace folder, resolved; an error naming it when it is not a folder. */
export async function checkWorkspace(root: string): Promise<string> {
  const full = resolve(root);
  try {
    if ((await stat(full)).isDirectory()) return full;
  } catch {
    // reported below
  }
  throw new FigureSourceError(`--workspace: ${root} is not a folder`);
}

export async function loadRun(root: string, runId: string): Promise<{ record: RunRecord; arrays: RunArrays }> {
  if (!SAFE_ID.test(runId)) throw new FigureSourceError(`--run: '${runId}' is not a valid run id`);
  const dir = (await runDirs(root)).get(runId);
  if (!dir) throw new FigureSourceError(`--run: no run '${runId}' in the workspace ${root}`);
  const record = await readJson(join(dir, 'run.json'), RunRecordSchema);
  const arrays = {} as RunArrays;
  for (const name of RUN_ARRAYS) arrays[name] = await readF64(join(dir, record.arrays[name].file), elementCount(record.arrays[name].shape));
  return { record, arrays };
}

/** Every readable run summary (unreadable runs are skipped: the figure is of what is there). */
export async function listRuns(root: string): Promise<RunRecord['summary'][]> {
  const out: RunRecord['summary'][] = [];
  for (const dir of (await runDirs(root)).values()) {
    try {
      out.push((await readJson(join(dir, 'run.json'), RunRecordSchema)).summary);
    } catch {
      // A damaged run is the workspace's business (the studio lists it as damaged), not the figure's.
    }
  }
  return out;
}

export async function loadHierarchy(root: string, hierarchyId: string): Promise<HierarchyRecord> {
  if (!SAFE_ID.test(hierarchyId)) throw new FigureSourceError(`--hierarchy: '${hierarchyId}' is not a valid id`);
  const path = join(root, 'hierarchies', hierarchyId, 'hierarchy.json');
  const known = await dirs(join(root, 'hierarchies'));
  if (!known.includes(hierarchyId))
    throw new FigureSourceError(`--hierarchy: no exploration '${hierarchyId}' in ${root}${known.length ? ` (stored: ${known.slice(0, 5).join(', ')}${known.length > 5 ? ', …' : ''})` : ''}`);
  return readJson(path, HierarchyRecordSchema);
}

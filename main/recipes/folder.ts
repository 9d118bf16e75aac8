/**
 * A recipe's folder: `recipe.json` (name, version, parameters, seeds, engine version, start/end,
 * per-run results, summary), `runs.jsonl` (one line per finished run, appended and fsync'ed as
 * each run completes: a crash or cancel loses at most the runs in flight), `data.npz`,
 * `figure.svg`, `figure.png`. Whole files are written atomically (temp + fsync + rename).
 */
import { packageVersion } from '../../native-workers/pool/packageRoot';
import { existsSync, readFileSync } from 'node:fs';
import { appendFile, mkdir, open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../workspace/atomic';
import { RecipeError, type RecipeParams, type RunRecord } from './types';

export const RECIPE_FORMAT = 'escape-studio/recipe@1';

export interface RecipeManifest {
  format: typeof RECIPE_FORMAT;
  name: string;
  version: number;
  parameters: RecipeParams;
  seeds: { width: number; condition: string; from: number; to: number }[];
  engineVersion: string;
  shard: { index: number; count: number } | null;
  startedAt: string;
  finishedAt: string | null;
  complete: boolean;
  plannedRuns: number;
  runs: RunRecord[];
  summary: Record<string, unknown> | null;
  files: string[];
}

export async function writeManifest(dir: string, manifest: RecipeManifest): Promise<void> {
  await writeFileAtomic(join(dir, 'recipe.json'), JSON.stringify(manifest, null, 1) + '\n');
}

export function readManifest(dir: string): RecipeManifest {
  const path = join(dir, 'recipe.json');
  if (!existsSync(path)) throw new RecipeError(`${dir} is not a recipe folder (no recipe.json)`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new RecipeError(`${path} is not valid JSON (${(error as Error).message})`);
  }
  const m = parsed as RecipeManifest;
  if (m?.format !== RECIPE_FORMAT) throw new RecipeError(`${path}: not an ${RECIPE_FORMAT} file`);
  return m;
}

/** Appends one run and fsyncs, so a finished run survives a crash right after. */
export async function appendRun(dir: string, run: RunRecord): Promise<void> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, 'runs.jsonl');
  await appendFile(path, JSON.stringify(run) + '\n');
  const handle = await open(path, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** The finished runs of a folder; a torn last line (crash mid-write) is ignored, others are errors. */
export async function readRuns(dir: string): Promise<RunRecord[]> {
  const path = join(dir, 'runs.jsonl');
  if (!existsSync(path)) return [];
  const lines = (await readFile(path, 'utf8')).split('\n');
  const out: RunRecord[] = [];
  lines.forEach((line, k) => {
    if (line.trim() === '') return;
    try {
      out.push(JSON.parse(line) as RunRecord);
    } catch {
      if (k < lines.length - 1 && lines.slice(k + 1).some((l) => l.trim() !== ''))
        throw new RecipeError(`${path}: line ${k + 1} is not valid JSON (the file is damaged)`);
    }
  });
  return out;
}

/** The package version (the engine ships with it). */
export function engineVersion(): string {
  return packageVersion();
}

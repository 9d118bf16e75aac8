/**
 * A recipe's runs: widths × conditions × seeds, each width with its own seed range so that widths
 * are not correlated (run k at width m uses seed m·SEED_BLOCK + k: the same seed whichever other
 * widths are swept, disjoint between widths), and contiguous shards for job arrays.
 */

/** Seeds per width block: run k < SEED_BLOCK of width m gets seed m·SEED_BLOCK + k. */
export const SEED_BLOCK = 100_000;

export class RunListError extends Error {
  override name = 'RunListError';
  readonly code = 'input' as const;
}

export interface PlannedRun {
  /** Stable id: `<condition>-m<width>-s<seed>` (file- and URL-safe). */
  readonly id: string;
  readonly condition: string;
  readonly width: number;
  readonly seed: number;
  /** Run number within its (condition, width) group, 0-based. */
  readonly index: number;
}

export function widthSeed(width: number, k: number): number {
  if (!Number.isInteger(k) || k < 0 || k >= SEED_BLOCK) throw new RunListError(`run number must be in 0..${SEED_BLOCK - 1}, got ${k}`);
  return width * SEED_BLOCK + k;
}

export function planRuns(options: { widths: readonly number[]; seedsPerWidth: number; conditions?: readonly string[] }): PlannedRun[] {
  const { widths, seedsPerWidth } = options;
  const conditions = options.conditions ?? ['random'];
  if (!Number.isInteger(seedsPerWidth) || seedsPerWidth < 1 || seedsPerWidth > SEED_BLOCK)
    throw new RunListError(`seeds per width must be an integer in 1..${SEED_BLOCK}, got ${seedsPerWidth}`);
  if (widths.length === 0) throw new RunListError('no widths given');
  if (new Set(widths).size !== widths.length) throw new RunListError(`widths repeat: ${widths.join(', ')}`);
  const out: PlannedRun[] = [];
  for (const condition of conditions)
    for (const width of widths)
      for (let k = 0; k < seedsPerWidth; k++) {
        const seed = widthSeed(width, k);
        out.push({ id: `${condition}-m${width}-s${seed}`, condition, width, seed, index: k });
      }
  return out;
}

/** `4-7`, `4,5,7` or `4-6,9` → sorted distinct widths. */
export function parseWidths(text: string, limits = { min: 1, max: 1000 }): number[] {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    if (!m) throw new RunListError(`widths: expected a list like 4-7 or 4,5,7, got '${text}'`);
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (b < a) throw new RunListError(`widths: range ${part.trim()} runs backwards`);
    if (a < limits.min || b > limits.max) throw new RunListError(`widths must lie in ${limits.min}..${limits.max}, got ${part.trim()}`);
    for (let w = a; w <= b; w++) out.add(w);
  }
  return [...out].sort((x, y) => x - y);
}

/** `i/n` with 0 ≤ i < n (Slurm's SLURM_ARRAY_TASK_ID counts from 0). */
export function parseShard(text: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) throw new RunListError(`shard: expected i/n (e.g. 0/4), got '${text}'`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index >= count) throw new RunListError(`shard: need 0 ≤ i < n, got ${text}`);
  return { index, count };
}

/** Shard i of n: a contiguous chunk (sizes differ by at most one), so a job runs many seeds. */
export function shardRuns<T>(runs: readonly T[], index: number, count: number): T[] {
  const from = Math.floor((index * runs.length) / count);
  const to = Math.floor(((index + 1) * runs.length) / count);
  return runs.slice(from, to);
}

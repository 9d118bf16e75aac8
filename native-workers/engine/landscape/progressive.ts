import { LandscapeError } from './errors';
import { alphaStep, betaAt, type PlaneGridSpec } from './gridSpec';
import type { PlaneEvaluator } from './planeEvaluator';

/**
 * Coarse-to-fine evaluation of one resolution × resolution grid. Level resolutions halve the
 * spacing each time (17 → 33 → 65 → 129): a coarse level's points are the fine grid's points at
 * stride s, so every level reuses all points computed before and only adds the new ones.
 */

/** One strided run of points on fine-grid row `row`: columns colStart, colStart + colStep, … (count of them). */
export interface GridTask {
  readonly row: number;
  readonly colStart: number;
  readonly colStep: number;
  readonly count: number;
}

export interface ProgressiveLevel {
  /** Points per axis once this level is done. */
  readonly resolution: number;
  /** Fine-grid stride of this level. */
  readonly stride: number;
  /** The points this level adds (those of coarser levels are not repeated). */
  readonly tasks: readonly GridTask[];
}

/** Level resolutions ending at `resolution`, none coarser than `coarsest`; e.g. 129 → [17, 33, 65, 129]. */
export function progressiveLevels(resolution: number, coarsest = 17): number[] {
  if (!Number.isInteger(resolution) || resolution < 2)
    throw new LandscapeError(`resolution must be an integer ≥ 2, got ${resolution}`);
  const levels = [resolution];
  let r = resolution;
  while ((r - 1) % 2 === 0 && (r - 1) / 2 + 1 >= Math.max(coarsest, 2)) {
    r = (r - 1) / 2 + 1;
    levels.unshift(r);
  }
  return levels;
}

/** The schedule for `resolution`: level 0 computes its whole coarse grid, later levels only new points. */
export function progressiveSchedule(resolution: number, coarsest = 17): ProgressiveLevel[] {
  const levels = progressiveLevels(resolution, coarsest);
  const R = resolution;
  return levels.map((r, index) => {
    const stride = (R - 1) / (r - 1);
    const tasks: GridTask[] = [];
    if (index === 0) {
      for (let i = 0; i < R; i += stride) tasks.push({ row: i, colStart: 0, colStep: stride, count: r });
    } else {
      for (let i = 0; i < R; i += stride) {
        if (i % (2 * stride) !== 0) tasks.push({ row: i, colStart: 0, colStep: stride, count: r });
        else tasks.push({ row: i, colStart: stride, colStep: 2 * stride, count: (r - 1) / 2 });
      }
    }
    return { resolution: r, stride, tasks };
  });
}

/** Number of points in a list of tasks. */
export function taskPointCount(tasks: readonly GridTask[]): number {
  let total = 0;
  for (const t of tasks) total += t.count;
  return total;
}

/** Evaluates tasks; values are packed in task order (task t's points follow task t−1's). */
export function evaluateTasks(evaluator: PlaneEvaluator, spec: PlaneGridSpec, tasks: readonly GridTask[]): Float64Array {
  const out = new Float64Array(taskPointCount(tasks));
  const dA = alphaStep(spec);
  let at = 0;
  for (const t of tasks) {
    checkTask(t, spec.resolution);
    evaluator.row(betaAt(spec, t.row), spec.alphaRange[0] + t.colStart * dA, t.colStep * dA, t.count, out, at);
    at += t.count;
  }
  return out;
}

/** Writes packed task values (as from evaluateTasks) into a full resolution × resolution grid. */
export function scatterTasks(grid: Float64Array, resolution: number, tasks: readonly GridTask[], values: Float64Array): void {
  if (grid.length !== resolution * resolution)
    throw new LandscapeError(`grid has ${grid.length} entries, expected resolution² = ${resolution * resolution}`);
  if (values.length !== taskPointCount(tasks))
    throw new LandscapeError(`values has ${values.length} entries, the tasks cover ${taskPointCount(tasks)} points`);
  let at = 0;
  for (const t of tasks) {
    checkTask(t, resolution);
    for (let k = 0; k < t.count; k++) grid[t.row * resolution + t.colStart + k * t.colStep] = values[at++];
  }
}

/** The r × r sub-grid (stride (R−1)/(r−1)) of a full R × R grid, same β-major layout. */
export function levelGrid(grid: Float64Array, resolution: number, levelResolution: number): Float64Array {
  const stride = (resolution - 1) / (levelResolution - 1);
  if (!Number.isInteger(stride) || stride < 1)
    throw new LandscapeError(`levelResolution ${levelResolution} does not divide resolution ${resolution} (need (R−1)/(r−1) integer)`);
  const out = new Float64Array(levelResolution * levelResolution);
  for (let i = 0; i < levelResolution; i++)
    for (let k = 0; k < levelResolution; k++) out[i * levelResolution + k] = grid[i * stride * resolution + k * stride];
  return out;
}

/** Splits tasks into `parts` lists of near-equal point counts (greedy, largest first), e.g. one per worker. */
export function splitTasks(tasks: readonly GridTask[], parts: number): GridTask[][] {
  if (!Number.isInteger(parts) || parts < 1) throw new LandscapeError(`parts must be a positive integer, got ${parts}`);
  const out: GridTask[][] = Array.from({ length: parts }, () => []);
  const load = new Array<number>(parts).fill(0);
  const order = [...tasks].sort((a, b) => b.count - a.count || a.row - b.row);
  for (const t of order) {
    let best = 0;
    for (let p = 1; p < parts; p++) if (load[p] < load[best]) best = p;
    out[best].push(t);
    load[best] = load[best] + t.count;
  }
  for (const list of out) list.sort((a, b) => a.row - b.row || a.colStart - b.colStart);
  return out;
}

function checkTask(t: GridTask, resolution: number): void {
  const last = t.colStart + (t.count - 1) * t.colStep;
  const ok =
    Number.isInteger(t.row) && t.row >= 0 && t.row < resolution &&
    Number.isInteger(t.colStart) && t.colStart >= 0 &&
    Number.isInteger(t.colStep) && t.colStep >= 1 &&
    Number.isInteger(t.count) && t.count >= 1 && last < resolution;
  if (!ok)
    throw new LandscapeError(
      `task {row ${t.row}, colStart ${t.colStart}, colStep ${t.colStep}, count ${t.count}} does not fit a ${resolution}×${resolution} grid`,
    );
}

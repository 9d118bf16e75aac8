/** Completing a grid from an earlier, coarser grid of the same plane and ranges (only new points are computed). */
import { LandscapeError } from './errors';
import { progressiveSchedule, type GridTask } from './progressive';

/**
 * Tasks that complete a resolution × resolution grid from a coarse level, or null when the
 * coarse resolution does not nest (it must be 2^k·(coarse − 1) + 1 below `resolution`). A coarse
 * grid of the full resolution leaves nothing to compute.
 */
export function refinementTasks(resolution: number, coarse: number): GridTask[] | null {
  if (coarse === resolution) return [];
  if (coarse > resolution || coarse < 2 || (resolution - 1) % (coarse - 1) !== 0) return null;
  const schedule = progressiveSchedule(resolution, coarse);
  if (schedule[0].resolution !== coarse) return null;
  return schedule.slice(1).flatMap((level) => level.tasks);
}

/** Every point of the full grid, row by row. */
export function fullGridTasks(resolution: number): GridTask[] {
  return Array.from({ length: resolution }, (_, row) => ({ row, colStart: 0, colStep: 1, count: resolution }));
}

/** Writes the coarse grid's values at their places (stride (R − 1)/(r − 1)) in the fine grid `loss`. */
export function placeCoarse(loss: Float64Array, resolution: number, coarse: { resolution: number; loss: ArrayLike<number> }): number {
  const r = coarse.resolution;
  const R = resolution;
  if (coarse.loss.length !== r * r) throw new LandscapeError(`coarse.loss: has ${coarse.loss.length} values, expected ${r}×${r}`);
  const stride = r === 1 ? 0 : (R - 1) / (r - 1);
  for (let i = 0; i < r; i++) for (let k = 0; k < r; k++) loss[i * stride * R + k * stride] = coarse.loss[i * r + k];
  return r * r;
}
